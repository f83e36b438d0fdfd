<?xml version="1.0" encoding="UTF-8"?>
<!-- A guest's personal join link, /{lang}/join/p/{token}: the event's name
     and time and the guest's name. <guest event first last starts ends/>. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>

<xsl:variable name="g" select="/page/guest"/>

<xsl:template match="page" mode="title">
	<xsl:choose>
		<xsl:when test="string($g/@event) != ''"><xsl:value-of select="$g/@event"/></xsl:when>
		<xsl:otherwise><xsl:value-of select="vv:t('participants.join.title')"/></xsl:otherwise>
	</xsl:choose>
</xsl:template>

<xsl:template match="page" mode="main">
	<p class="lead"><xsl:value-of select="vv:t('participants.join.title')"/></p>
	<h1><xsl:apply-templates select="." mode="title"/></h1>
	<p><xsl:value-of select="vv:t('participants.join.hello', normalize-space(concat($g/@first, ' ', $g/@last)))"/></p>
	<dl class="details">
		<dt><xsl:value-of select="vv:t('participants.join.start')"/></dt>
		<dd><xsl:value-of select="vv:datetime(string($g/@starts))"/></dd>
		<dt><xsl:value-of select="vv:t('participants.join.end')"/></dt>
		<dd><xsl:value-of select="vv:datetime(string($g/@ends))"/></dd>
	</dl>
	<p><xsl:value-of select="vv:t('participants.join.text')"/></p>
	<xsl:if test="$g/@record = '1'">
		<p class="join-recorded" id="join-recorded" role="note"><strong><xsl:value-of select="vv:t('participants.join.recorded')"/></strong></p>
	</xsl:if>
	<p><a class="button button-go button-big" href="{$g/@call}"><xsl:value-of select="vv:t('ev.join')"/></a></p>
</xsl:template>

</xsl:stylesheet>
