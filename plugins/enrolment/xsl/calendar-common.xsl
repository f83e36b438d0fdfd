<?xml version="1.0" encoding="UTF-8"?>
<!-- Shared by the VV Home calendar pages (calendar.xsl, calendar-event.xsl,
     calendar-recording.xsl): their stylesheet and the way back. Included,
     not imported: the page stylesheet imports layout.xsl. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:template name="calendar-css">
	<link rel="stylesheet" href="/static/calendar.css"/>
</xsl:template>

<!-- The calendar's address for week $week: the plain path for the current
     week (0), ?week=n for a later one. -->
<xsl:template name="calendar-href">
	<xsl:param name="week" select="0"/>
	<xsl:value-of select="concat($base, '/ecare/index/calendar')"/>
	<xsl:if test="$week &gt; 0">
		<xsl:value-of select="concat('?week=', $week)"/>
	</xsl:if>
</xsl:template>

<!-- One big button back to the calendar, to the week the page came from:
     no small links on the tablet. -->
<xsl:template name="calendar-back">
	<xsl:param name="week" select="0"/>
	<p class="cal-back">
		<a class="button button-secondary cal-button">
			<xsl:attribute name="href">
				<xsl:call-template name="calendar-href">
					<xsl:with-param name="week" select="$week"/>
				</xsl:call-template>
			</xsl:attribute>
			<xsl:value-of select="vv:t('enrol.back')"/>
		</a>
	</p>
</xsl:template>

</xsl:stylesheet>
