<?xml version="1.0" encoding="UTF-8"?>
<!-- Poista asiakkaan tiedot (/admin/users/{uuid}/erase): what erasing does,
     and the one box to tick and button to press. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>
<xsl:include href="admin-fields.xsl"/>

<xsl:variable name="e" select="/page/erase"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="vv:t('admin.erase.title')"/>
</xsl:template>

<xsl:template match="page" mode="main">
	<xsl:call-template name="admin-crumbs"/>
	<h1><xsl:value-of select="vv:t('admin.erase.title')"/></h1>
	<p class="lead"><xsl:value-of select="vv:t('admin.erase.who', string($e/@name))"/></p>
	<ul>
		<li><xsl:value-of select="vv:t('admin.erase.removes')"/></li>
		<li><xsl:value-of select="vv:t('admin.erase.keeps')"/></li>
		<li><xsl:value-of select="vv:t('admin.erase.final')"/></li>
	</ul>
	<p><a href="{$base}/admin/users/{$e/@uuid}/export"><xsl:value-of select="vv:t('admin.privacy.export')"/></a></p>
	<form method="post" action="{$base}/admin/users/{$e/@uuid}/erase" novalidate="novalidate">
		<xsl:call-template name="csrf"/>
		<div class="field">
			<xsl:call-template name="field-error">
				<xsl:with-param name="field" select="'confirm'"/>
			</xsl:call-template>
			<input type="checkbox" name="confirm" id="confirm" value="yes">
				<xsl:if test="/page/errors/error[@field = 'confirm']">
					<xsl:attribute name="aria-invalid">true</xsl:attribute>
					<xsl:attribute name="aria-describedby">confirm-error</xsl:attribute>
				</xsl:if>
			</input>
			<xsl:text> </xsl:text>
			<label for="confirm"><xsl:value-of select="vv:t('admin.erase.confirm')"/></label>
		</div>
		<button type="submit" class="button-danger"><xsl:value-of select="vv:t('admin.erase.submit')"/></button>
	</form>
	<p><a href="{$base}/admin/users/{$e/@uuid}"><xsl:value-of select="vv:t('admin.erase.cancel')"/></a></p>
</xsl:template>

</xsl:stylesheet>
