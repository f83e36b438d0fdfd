<?xml version="1.0" encoding="UTF-8"?>
<!-- Error pages: <page><error status="404"/></page>. Plain words for the
     user, never a bare code; the keys are written out one by one so that
     tests/check-i18n.sh sees every one of them. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>

<xsl:variable name="status" select="string(/page/error/@status)"/>

<xsl:template match="page" mode="title">
	<xsl:call-template name="error-title"/>
</xsl:template>

<xsl:template name="error-title">
	<xsl:choose>
		<xsl:when test="$status = '400'"><xsl:value-of select="vv:t('error.400.title')"/></xsl:when>
		<xsl:when test="$status = '403'"><xsl:value-of select="vv:t('error.403.title')"/></xsl:when>
		<xsl:when test="$status = '404'"><xsl:value-of select="vv:t('error.404.title')"/></xsl:when>
		<xsl:when test="$status = '405'"><xsl:value-of select="vv:t('error.405.title')"/></xsl:when>
		<xsl:when test="$status = '413'"><xsl:value-of select="vv:t('error.413.title')"/></xsl:when>
		<xsl:when test="$status = '429'"><xsl:value-of select="vv:t('error.429.title')"/></xsl:when>
		<xsl:when test="$status = '500'"><xsl:value-of select="vv:t('error.500.title')"/></xsl:when>
		<xsl:when test="$status = '503'"><xsl:value-of select="vv:t('error.503.title')"/></xsl:when>
		<xsl:otherwise><xsl:value-of select="vv:t('error.title')"/></xsl:otherwise>
	</xsl:choose>
</xsl:template>

<xsl:template name="error-text">
	<xsl:choose>
		<xsl:when test="$status = '400'"><xsl:value-of select="vv:t('error.400.text')"/></xsl:when>
		<xsl:when test="$status = '403'"><xsl:value-of select="vv:t('error.403.text')"/></xsl:when>
		<xsl:when test="$status = '404'"><xsl:value-of select="vv:t('error.404.text')"/></xsl:when>
		<xsl:when test="$status = '405'"><xsl:value-of select="vv:t('error.405.text')"/></xsl:when>
		<xsl:when test="$status = '413'"><xsl:value-of select="vv:t('error.413.text')"/></xsl:when>
		<xsl:when test="$status = '429'"><xsl:value-of select="vv:t('error.429.text')"/></xsl:when>
		<xsl:when test="$status = '500'"><xsl:value-of select="vv:t('error.500.text')"/></xsl:when>
		<xsl:when test="$status = '503'"><xsl:value-of select="vv:t('error.503.text')"/></xsl:when>
		<xsl:otherwise><xsl:value-of select="vv:t('error.text')"/></xsl:otherwise>
	</xsl:choose>
</xsl:template>

<xsl:template match="page" mode="main">
	<div class="error-page" data-status="{$status}">
		<h1><xsl:call-template name="error-title"/></h1>
		<p class="lead"><xsl:call-template name="error-text"/></p>
		<p><a class="button" href="{$base}/"><xsl:value-of select="vv:t('error.home')"/></a></p>
	</div>
</xsl:template>

</xsl:stylesheet>
