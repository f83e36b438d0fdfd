<?xml version="1.0" encoding="UTF-8"?>
<!-- The join-link page (R-EV-11), public: the event's name and times in
     the zone of the event's tenant (<start|end y m d hh mm zone/>), whether
     it has started, and Liity. A link that is not valid gets a page that
     says so (status 404). The mobile link gets a layout for phones. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>

<xsl:variable name="j" select="/page/join"/>

<xsl:template match="page" mode="title">
	<xsl:choose>
		<xsl:when test="$j/@invalid = '1'"><xsl:value-of select="vv:t('events.join.invalid-title')"/></xsl:when>
		<xsl:otherwise><xsl:value-of select="vv:t('events.join.title')"/></xsl:otherwise>
	</xsl:choose>
</xsl:template>

<!-- 27.11.2026 klo 12.30 EET / 2026-11-27 at 12:30 EET -->
<xsl:template match="start|end">
	<xsl:choose>
		<xsl:when test="$lang = 'en'">
			<xsl:value-of select="concat(@y, '-', format-number(@m, '00'), '-', format-number(@d, '00'), ' ',
				vv:t('events.join.at'), ' ', @hh, ':', @mm, ' ', @zone)"/>
		</xsl:when>
		<xsl:otherwise>
			<xsl:value-of select="concat(@d, '.', @m, '.', @y, ' ', vv:t('events.join.at'), ' ',
				number(@hh), '.', @mm, ' ', @zone)"/>
		</xsl:otherwise>
	</xsl:choose>
</xsl:template>

<xsl:template match="page" mode="main">
	<div>
		<xsl:attribute name="class">
			<xsl:text>join-page</xsl:text>
			<xsl:if test="$j/@mobile = '1'"> join-mobile</xsl:if>
		</xsl:attribute>
		<xsl:choose>
			<xsl:when test="$j/@invalid = '1'">
				<h1><xsl:value-of select="vv:t('events.join.invalid-title')"/></h1>
				<p class="lead"><xsl:value-of select="vv:t('events.join.invalid-text')"/></p>
			</xsl:when>
			<xsl:otherwise>
				<p class="hint"><xsl:value-of select="vv:t('events.join.title')"/></p>
				<h1><xsl:value-of select="$j/@name"/></h1>
				<xsl:if test="string($j/@description) != ''">
					<p class="lead"><xsl:value-of select="$j/@description"/></p>
				</xsl:if>
				<dl class="details">
					<dt><xsl:value-of select="vv:t('ev.start')"/></dt>
					<dd id="join-start"><xsl:apply-templates select="$j/start"/></dd>
					<dt><xsl:value-of select="vv:t('ev.end')"/></dt>
					<dd id="join-end"><xsl:apply-templates select="$j/end"/></dd>
				</dl>
				<xsl:if test="$j/@record = '1'">
					<p class="join-recorded" id="join-recorded" role="note"><strong><xsl:value-of select="vv:t('events.join.recorded')"/></strong></p>
				</xsl:if>
				<xsl:choose>
					<xsl:when test="$j/@state = 'running'">
						<p class="lead" role="status"><xsl:value-of select="vv:t('events.join.running')"/></p>
						<p><a class="button button-go button-big" href="{$j/@call}"><xsl:value-of select="vv:t('ev.join')"/></a></p>
					</xsl:when>
					<xsl:otherwise>
						<p class="lead" role="status"><xsl:value-of select="vv:t('events.join.upcoming')"/></p>
					</xsl:otherwise>
				</xsl:choose>
			</xsl:otherwise>
		</xsl:choose>
	</div>
</xsl:template>

</xsl:stylesheet>
