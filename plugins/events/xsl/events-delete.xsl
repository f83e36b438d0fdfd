<?xml version="1.0" encoding="UTF-8"?>
<!-- Poista (R-EV-12): "Poistetaanko tapahtuma X?" before anything is
     cancelled; Peruuta goes back without a change. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>
<xsl:include href="events-common.xsl"/>

<xsl:variable name="e" select="/page/event"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="vv:t('events.delete-title')"/>
</xsl:template>

<xsl:template match="page" mode="main">
	<xsl:call-template name="events-crumbs">
		<xsl:with-param name="here" select="vv:t('events.delete-title')"/>
	</xsl:call-template>
	<h1><xsl:value-of select="vv:t('events.delete-confirm', $e/@name)"/></h1>
	<p>
		<xsl:call-template name="events-time">
			<xsl:with-param name="utc" select="string($e/@starts)"/>
		</xsl:call-template>
		<xsl:value-of select="concat(' – ', $e/@type)"/>
	</p>
	<p><xsl:value-of select="vv:t('events.delete-text')"/></p>
	<form method="post" action="{$base}/ecare/events/{$e/@uuid}/delete">
		<xsl:call-template name="csrf"/>
		<!-- An occurrence of a series (issue 16): it alone, or the series'
		     occurrences not yet begun (those held are history). -->
		<xsl:if test="$e/series">
			<fieldset id="scope-set">
				<legend><xsl:value-of select="vv:t('events.delete-scope')"/></legend>
				<p class="hint">
					<xsl:call-template name="series-rule"><xsl:with-param name="s" select="$e/series"/></xsl:call-template>
				</p>
				<div>
					<input type="radio" name="scope" id="scope-one" value="one" checked="checked"/>
					<label for="scope-one" class="inline"><xsl:value-of select="vv:t('events.delete-scope.one')"/></label>
				</div>
				<div>
					<input type="radio" name="scope" id="scope-series" value="series"/>
					<label for="scope-series" class="inline"><xsl:value-of select="vv:t('events.delete-scope.series', $e/series/@upcoming)"/></label>
				</div>
			</fieldset>
		</xsl:if>
		<button type="submit" class="button-danger"><xsl:value-of select="vv:t('form.delete')"/></button>
		<xsl:text> </xsl:text>
		<a class="button button-secondary" href="{$base}/ecare/events"><xsl:value-of select="vv:t('form.cancel')"/></a>
	</form>
</xsl:template>

</xsl:stylesheet>
