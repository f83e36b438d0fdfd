<?xml version="1.0" encoding="UTF-8"?>
<!-- Poista (R-RE-3): "Poistetaanko nauhoitus X?" before anything is
     removed; Peruuta goes back without a change. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>
<xsl:include href="recordings-common.xsl"/>

<xsl:variable name="r" select="/page/recording"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="vv:t('recordings.delete-title')"/>
</xsl:template>

<xsl:template match="page" mode="main">
	<xsl:call-template name="recordings-crumbs">
		<xsl:with-param name="here" select="vv:t('recordings.delete-title')"/>
	</xsl:call-template>
	<h1><xsl:value-of select="vv:t('recordings.delete-confirm', $r/@title)"/></h1>
	<dl>
		<dt><xsl:value-of select="vv:t('recordings.col.video')"/></dt>
		<dd>
			<xsl:choose>
				<xsl:when test="$r/@session"><xsl:value-of select="concat(vv:t('recordings.session'), ': ', $r/@session)"/></xsl:when>
				<xsl:otherwise><code class="mono"><xsl:value-of select="$r/@video"/></code></xsl:otherwise>
			</xsl:choose>
		</dd>
		<dt><xsl:value-of select="vv:t('ev.start')"/></dt>
		<dd>
			<xsl:call-template name="recordings-start">
				<xsl:with-param name="utc" select="string($r/@starts)"/>
			</xsl:call-template>
		</dd>
		<dt><xsl:value-of select="vv:t('ev.type')"/></dt>
		<dd><xsl:value-of select="$r/@type"/></dd>
		<dt><xsl:value-of select="vv:t('re.repeat')"/></dt>
		<dd>
			<xsl:call-template name="recordings-repeat">
				<xsl:with-param name="r" select="$r"/>
			</xsl:call-template>
		</dd>
		<dt><xsl:value-of select="vv:t('ev.end')"/></dt>
		<dd>
			<xsl:call-template name="recordings-until">
				<xsl:with-param name="r" select="$r"/>
			</xsl:call-template>
		</dd>
	</dl>
	<p><xsl:value-of select="vv:t('recordings.delete-text')"/></p>
	<form method="post" action="{$base}/ecare/recordings/{$r/@uuid}/delete">
		<xsl:call-template name="csrf"/>
		<button type="submit" class="button-danger"><xsl:value-of select="vv:t('form.delete')"/></button>
		<xsl:text> </xsl:text>
		<a class="button button-secondary" href="{$base}/ecare/recordings"><xsl:value-of select="vv:t('form.cancel')"/></a>
	</form>
</xsl:template>

</xsl:stylesheet>
