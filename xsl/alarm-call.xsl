<?xml version="1.0" encoding="UTF-8"?>
<!-- A placeholder for the call page (issue #6 replaces it): the event's
     name and times and "Puhelu avautuu tässä". Its script (calendar.js,
     data-call) tells the user's other tabs every 2 s that this tab is in
     the call, so that they stop ringing (R-EN-6). -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>

<xsl:variable name="c" select="/page/call"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="$c/@name"/>
</xsl:template>

<xsl:template match="page" mode="head">
	<script src="/static/js/calendar.js" defer="defer"></script>
</xsl:template>

<xsl:template match="page" mode="main">
	<div id="call" class="call-placeholder" data-call="{$c/@event}">
		<p class="hint"><xsl:value-of select="vv:t('alarm.call.title')"/></p>
		<h1><xsl:value-of select="$c/@name"/></h1>
		<dl class="details">
			<dt><xsl:value-of select="vv:t('ev.start')"/></dt>
			<dd id="call-start"><xsl:value-of select="vv:datetime(string($c/@starts))"/></dd>
			<dt><xsl:value-of select="vv:t('ev.end')"/></dt>
			<dd id="call-end"><xsl:value-of select="vv:datetime(string($c/@ends))"/></dd>
		</dl>
		<p class="lead" role="status"><xsl:value-of select="vv:t('alarm.call.opens')"/></p>
		<p class="hint"><xsl:value-of select="vv:t('alarm.call.placeholder')"/></p>
		<xsl:if test="$c/@back">
			<p><a class="button button-big" href="{$c/@back}"><xsl:value-of select="vv:t('alarm.call.back')"/></a></p>
		</xsl:if>
	</div>
</xsl:template>

</xsl:stylesheet>
