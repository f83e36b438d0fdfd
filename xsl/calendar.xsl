<?xml version="1.0" encoding="UTF-8"?>
<!-- The VV Home calendar (R-EN-1, R-NAV-3): the clock and the date on top,
     today's recordings and events as large cards (time first, then the
     name), then the rest of the week by day. Event names are in the
     device language (their @text-lang); the page chrome in the URL's.
     Document: <calendar today now dlang staff><day date at index>
       <recording uuid title/>* <event uuid name text-lang starts ends seats mine running/>*
     </day>x7</calendar> -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>
<xsl:include href="calendar-common.xsl"/>
<!-- The start alarm's green bar comes from layout.xsl, as on every
     signed-in page. -->

<xsl:variable name="cal" select="/page/calendar"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="vv:t('enrol.calendar.title')"/>
</xsl:template>

<xsl:template match="page" mode="head">
	<xsl:call-template name="calendar-css"/>
</xsl:template>

<xsl:template match="page" mode="main">
	<div id="calendar" class="calendar" data-today="{$cal/@today}">
		<header class="cal-now">
			<p class="cal-clock">
				<span class="visually-hidden"><xsl:value-of select="concat(vv:t('enrol.clock'), ' ')"/></span>
				<time id="cal-clock"><xsl:value-of select="vv:datetime(string($cal/@now), 'time')"/></time>
			</p>
			<p class="cal-date" id="cal-date"><xsl:value-of select="vv:datetime(string($cal/@now), 'weekday')"/></p>
		</header>

		<xsl:if test="$cal/@staff = '1'">
			<p class="hint"><xsl:value-of select="vv:t('enrol.staff-hint')"/></p>
		</xsl:if>

		<xsl:variable name="today" select="$cal/day[@index = 0]"/>
		<section class="cal-today" aria-labelledby="cal-today-title" data-date="{$today/@date}">
			<h1 id="cal-today-title"><xsl:value-of select="vv:t('enrol.today')"/></h1>
			<xsl:choose>
				<xsl:when test="$today/*">
					<ul class="cal-cards">
						<xsl:apply-templates select="$today/*"/>
					</ul>
				</xsl:when>
				<xsl:otherwise>
					<p class="cal-empty"><xsl:value-of select="vv:t('enrol.today-empty')"/></p>
				</xsl:otherwise>
			</xsl:choose>
		</section>

		<section class="cal-week" aria-labelledby="cal-week-title">
			<h2 id="cal-week-title"><xsl:value-of select="vv:t('enrol.week')"/></h2>
			<xsl:choose>
				<xsl:when test="$cal/day[@index &gt; 0]/*">
					<xsl:for-each select="$cal/day[@index &gt; 0][*]">
						<section class="cal-day" data-date="{@date}" aria-labelledby="cal-day-{@index}">
							<h3 id="cal-day-{@index}"><xsl:value-of select="vv:datetime(string(@at), 'weekday')"/></h3>
							<ul class="cal-list">
								<xsl:apply-templates select="*"/>
							</ul>
						</section>
					</xsl:for-each>
				</xsl:when>
				<xsl:otherwise>
					<p class="cal-empty"><xsl:value-of select="vv:t('enrol.week-empty')"/></p>
				</xsl:otherwise>
			</xsl:choose>
		</section>
	</div>
</xsl:template>

<!-- One item: the whole card is one big link, time first, then the name,
     then its state in words (colour is never the only signal). -->
<xsl:template match="recording">
	<li class="cal-item cal-item-recording">
		<a class="cal-card" href="{$base}/ecare/recording/{@uuid}">
			<span class="cal-time"><xsl:value-of select="vv:t('enrol.all-day')"/></span>
			<span class="cal-name"><xsl:value-of select="@title"/></span>
			<span class="cal-state"><xsl:value-of select="vv:t('enrol.recording')"/></span>
		</a>
	</li>
</xsl:template>

<xsl:template match="event">
	<li class="cal-item cal-item-event">
		<xsl:if test="@mine">
			<xsl:attribute name="class">cal-item cal-item-event cal-<xsl:value-of select="@mine"/></xsl:attribute>
		</xsl:if>
		<a class="cal-card" href="{$base}/ecare/index/event/{@uuid}" data-event="{@uuid}">
			<span class="cal-time">
				<time><xsl:value-of select="vv:datetime(string(@starts), 'time')"/></time>
				<xsl:text>–</xsl:text>
				<time><xsl:value-of select="vv:datetime(string(@ends), 'time')"/></time>
			</span>
			<span class="cal-name" lang="{@text-lang}"><xsl:value-of select="@name"/></span>
			<xsl:choose>
				<xsl:when test="@mine = 'enrolled'">
					<span class="cal-state cal-state-enrolled"><xsl:value-of select="vv:t('enrol.state.enrolled')"/></span>
				</xsl:when>
				<xsl:when test="@mine = 'waiting'">
					<span class="cal-state"><xsl:value-of select="vv:t('enrol.state.waiting')"/></span>
				</xsl:when>
				<xsl:when test="@seats = 0 and $cal/@staff != '1'">
					<span class="cal-state"><xsl:value-of select="vv:t('enrol.state.full')"/></span>
				</xsl:when>
			</xsl:choose>
			<xsl:if test="@running = '1'">
				<span class="cal-state cal-state-running"><xsl:value-of select="vv:t('enrol.running')"/></span>
			</xsl:if>
		</a>
	</li>
</xsl:template>

</xsl:stylesheet>
