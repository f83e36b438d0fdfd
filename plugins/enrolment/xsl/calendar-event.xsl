<?xml version="1.0" encoding="UTF-8"?>
<!-- An event's page in the VV Home calendar (R-EN-2, R-EN-3): name, time,
     description, places left, and one big button: Ilmoittaudu, Peru
     ilmoittautuminen, or, when full, Ilmoittaudu jonoon (with the place in
     the queue once waiting). A refusal ("Tapahtuma on täynnä") comes as
     /page/errors/error[@field='enrol'] and links to the buttons.
     Document: <event uuid name text-lang starts ends max enrolled people seats full
       open staff mine position call week><description/></event>
     (@week: the calendar week the event is on, for the way back) -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>
<xsl:include href="calendar-common.xsl"/>

<xsl:variable name="e" select="/page/event"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="$e/@name"/>
</xsl:template>

<xsl:template match="page" mode="head">
	<xsl:call-template name="calendar-css"/>
</xsl:template>

<xsl:template match="page" mode="main">
	<xsl:call-template name="calendar-back">
		<xsl:with-param name="week" select="number($e/@week)"/>
	</xsl:call-template>
	<article class="cal-event" data-event="{$e/@uuid}">
		<h1 lang="{$e/@text-lang}"><xsl:value-of select="$e/@name"/></h1>
		<p class="cal-when" id="event-when">
			<span class="visually-hidden"><xsl:value-of select="concat(vv:t('enrol.when'), ': ')"/></span>
			<xsl:value-of select="vv:datetime(string($e/@starts), 'weekday')"/>
			<br/>
			<time><xsl:value-of select="vv:datetime(string($e/@starts), 'time')"/></time>
			<xsl:text>–</xsl:text>
			<time><xsl:value-of select="vv:datetime(string($e/@ends), 'end')"/></time>
		</p>
		<!-- Said before one enrols (issue #11): the call asks again before any camera starts. -->
		<xsl:if test="$e/@record = '1'">
			<p class="cal-recorded" id="event-recorded" role="note"><xsl:value-of select="vv:t('enrol.recorded')"/></p>
		</xsl:if>

		<xsl:choose>
			<xsl:when test="$e/@open != '1'">
				<p class="cal-status" id="event-status"><xsl:value-of select="vv:t('enrol.ended')"/></p>
			</xsl:when>
			<xsl:otherwise>
				<p class="cal-seats" id="event-seats">
					<xsl:choose>
						<xsl:when test="$e/@seats &gt; 0"><xsl:value-of select="vv:t('enrol.seats', $e/@seats)"/></xsl:when>
						<xsl:otherwise><xsl:value-of select="vv:t('enrol.seats-none')"/></xsl:otherwise>
					</xsl:choose>
				</p>
				<xsl:choose>
					<xsl:when test="$e/@mine = 'enrolled'">
						<p class="cal-status cal-status-enrolled" id="event-status"><xsl:value-of select="vv:t('enrol.you-enrolled')"/></p>
					</xsl:when>
					<xsl:when test="$e/@mine = 'waiting'">
						<p class="cal-status" id="event-status"><xsl:value-of select="vv:t('enrol.you-waiting', $e/@position)"/></p>
					</xsl:when>
				</xsl:choose>
				<xsl:if test="$e/@call">
					<p class="cal-join">
						<a class="button button-go cal-button cal-primary" href="{$e/@call}"><xsl:value-of select="vv:t('ev.join')"/></a>
					</p>
				</xsl:if>
				<div class="cal-actions" id="enrol">
					<xsl:call-template name="actions"/>
				</div>
				<!-- How many take part: worth knowing, not before the button
				     (issue #17: the one thing to press stays on a phone's screen). -->
				<p class="cal-people" id="event-people"><xsl:value-of select="vv:t('enrol.people', $e/@people)"/></p>
			</xsl:otherwise>
		</xsl:choose>
		<!-- After the button (issue #17): a long description must not push
		     the one thing to press below a phone's screen. -->
		<xsl:if test="$e/description">
			<p class="cal-desc" lang="{$e/@text-lang}"><xsl:value-of select="$e/description"/></p>
		</xsl:if>
	</article>
</xsl:template>

<xsl:template name="actions">
	<xsl:variable name="action" select="concat($base, '/ecare/index/event/', $e/@uuid)"/>
	<xsl:choose>
		<xsl:when test="$e/@mine">
			<form method="post" action="{$action}/cancel">
				<xsl:call-template name="csrf"/>
				<button type="submit" class="button button-secondary cal-button cal-primary"><xsl:value-of select="vv:t('enrol.cancel')"/></button>
			</form>
		</xsl:when>
		<xsl:when test="$e/@staff = '1' or $e/@full != '1'">
			<form method="post" action="{$action}/enrol">
				<xsl:call-template name="csrf"/>
				<button type="submit" class="button button-go cal-button cal-primary"><xsl:value-of select="vv:t('enrol.enrol')"/></button>
			</form>
			<xsl:if test="$e/@staff = '1'">
				<p class="hint"><xsl:value-of select="vv:t('enrol.staff-note')"/></p>
			</xsl:if>
		</xsl:when>
		<xsl:otherwise>
			<form method="post" action="{$action}/enrol">
				<xsl:call-template name="csrf"/>
				<input type="hidden" name="waitlist" value="1"/>
				<button type="submit" class="button cal-button cal-primary"><xsl:value-of select="vv:t('enrol.waitlist')"/></button>
			</form>
			<p class="hint"><xsl:value-of select="vv:t('enrol.waitlist-hint')"/></p>
		</xsl:otherwise>
	</xsl:choose>
</xsl:template>

</xsl:stylesheet>
