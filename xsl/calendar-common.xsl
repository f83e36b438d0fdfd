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

<!-- One big button back to the calendar: no small links on the tablet. -->
<xsl:template name="calendar-back">
	<p class="cal-back">
		<a class="button button-secondary cal-button" href="{$base}/ecare/index/calendar">
			<xsl:value-of select="vv:t('enrol.back')"/>
		</a>
	</p>
</xsl:template>

</xsl:stylesheet>
