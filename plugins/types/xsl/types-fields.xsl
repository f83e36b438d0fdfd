<?xml version="1.0" encoding="UTF-8"?>
<!-- Pieces the Tapahtumatyypit pages share (included by types-list.xsl,
     types-edit.xsl and types-choose.xsl, which import layout.xsl for csrf,
     field-error and field-attrs). -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<!-- A name field: label tied to the input, hint, the message, the input
     keeping the user's value. -->
<xsl:template name="types-name-field">
	<xsl:param name="field"/>
	<xsl:param name="label"/>
	<xsl:param name="value"/>
	<div class="field">
		<label for="{$field}"><xsl:value-of select="$label"/></label>
		<p class="hint" id="{$field}-hint"><xsl:value-of select="vv:t('types.name-hint')"/></p>
		<xsl:call-template name="field-error">
			<xsl:with-param name="field" select="$field"/>
		</xsl:call-template>
		<input type="text" autocomplete="off" value="{$value}">
			<xsl:call-template name="field-attrs">
				<xsl:with-param name="field" select="$field"/>
			</xsl:call-template>
			<xsl:if test="not(/page/errors/error[@field = $field])">
				<xsl:attribute name="aria-describedby"><xsl:value-of select="concat($field, '-hint')"/></xsl:attribute>
			</xsl:if>
		</input>
	</div>
</xsl:template>

<!-- "Yrityksen ylläpito › Tapahtumatyypit" above the page heading. -->
<xsl:template name="types-crumbs">
	<p class="hint">
		<xsl:value-of select="concat(vv:t('nav.company'), ' › ')"/>
		<a href="{$base}/admin/types"><xsl:value-of select="vv:t('types.title')"/></a>
	</p>
</xsl:template>

<xsl:template name="types-back">
	<p><a href="{$base}/admin/types"><xsl:value-of select="vv:t('types.back')"/></a></p>
</xsl:template>

</xsl:stylesheet>
