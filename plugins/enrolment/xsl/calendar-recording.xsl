<?xml version="1.0" encoding="UTF-8"?>
<!-- A recording's page (R-RE-2, R-RE-4): its title and the privacy-enhanced
     YouTube player (youtube-nocookie.com). No autoplay: nothing starts until
     the user presses play. When the start alarm's bar appears (layout.xsl),
     recording.js pauses our own player, or takes a started YouTube player
     away so that it does not play over the alarm and #cal-stopped offers it
     back. Document: <recording uuid title embed|video today week/>
     (@video: a recorded event's file, played by the browser's own player;
     @week: the calendar week its card was on, for the way back) -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>
<xsl:include href="calendar-common.xsl"/>

<xsl:variable name="rec" select="/page/recording"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="$rec/@title"/>
</xsl:template>

<xsl:template match="page" mode="head">
	<xsl:call-template name="calendar-css"/>
	<script src="/static/js/recording.js" defer="defer"></script>
</xsl:template>

<xsl:template match="page" mode="main">
	<xsl:call-template name="calendar-back">
		<xsl:with-param name="week" select="number($rec/@week)"/>
	</xsl:call-template>
	<article class="cal-recording">
		<h1><xsl:value-of select="$rec/@title"/></h1>
		<xsl:if test="$rec/@today != '1'">
			<p class="hint"><xsl:value-of select="vv:t('enrol.recording.not-today')"/></p>
		</xsl:if>
		<xsl:choose>
			<xsl:when test="$rec/@video">
				<!-- A recorded event of the tenant (R-RE-4): our own file, our own player. -->
				<div class="cal-player" id="cal-player">
					<video src="{$rec/@video}" controls="controls" preload="metadata" playsinline="playsinline"
						aria-label="{vv:t('enrol.recording.player', $rec/@title)}"></video>
				</div>
				<p class="hint"><xsl:value-of select="vv:t('enrol.recording.hint-own')"/></p>
			</xsl:when>
			<xsl:otherwise>
				<div class="cal-player" id="cal-player">
					<div class="cal-stopped" id="cal-stopped" role="status" hidden="hidden">
						<p><xsl:value-of select="vv:t('enrol.recording.stopped')"/></p>
						<button type="button" class="button cal-button" id="cal-resume"><xsl:value-of select="vv:t('enrol.recording.resume')"/></button>
					</div>
					<iframe src="{$rec/@embed}" title="{vv:t('enrol.recording.player', $rec/@title)}"
						width="560" height="315" loading="lazy"
						allow="encrypted-media; picture-in-picture; fullscreen"
						allowfullscreen="allowfullscreen"
						referrerpolicy="strict-origin-when-cross-origin"></iframe>
				</div>
				<p class="hint"><xsl:value-of select="vv:t('enrol.recording.hint')"/></p>
			</xsl:otherwise>
		</xsl:choose>
	</article>
</xsl:template>

</xsl:stylesheet>
