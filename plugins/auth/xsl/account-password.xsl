<?xml version="1.0" encoding="UTF-8"?>
<!-- Vaihda salasana (/{lang}/account/password): a staff member's own
     password, reached from their name in the header. The fields never
     carry a value: a refused form asks for the passwords again. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="vv:t('auth.pw.title')"/>
</xsl:template>

<xsl:template match="page" mode="main">
	<h1><xsl:value-of select="vv:t('auth.pw.title')"/></h1>
	<p class="hint"><xsl:value-of select="vv:t('auth.pw.about')"/></p>
	<form class="form" method="post" action="{$base}/account/password" novalidate="novalidate">
		<xsl:call-template name="csrf"/>
		<!-- For password managers: whose password this is (not sent). -->
		<input type="hidden" autocomplete="username" value="{password-form/@email}"/>
		<xsl:call-template name="password-field">
			<xsl:with-param name="field" select="'current'"/>
			<xsl:with-param name="label" select="vv:t('auth.pw.current')"/>
			<xsl:with-param name="autocomplete" select="'current-password'"/>
		</xsl:call-template>
		<xsl:call-template name="password-field">
			<xsl:with-param name="field" select="'password'"/>
			<xsl:with-param name="label" select="vv:t('auth.pw.new')"/>
			<xsl:with-param name="hint" select="vv:t('password.hint')"/>
		</xsl:call-template>
		<xsl:call-template name="password-field">
			<xsl:with-param name="field" select="'password2'"/>
			<xsl:with-param name="label" select="vv:t('auth.pw.repeat')"/>
		</xsl:call-template>
		<button type="submit"><xsl:value-of select="vv:t('auth.pw.submit')"/></button>
	</form>
</xsl:template>

<!-- Label, optional hint, the field's message, then the empty input. -->
<xsl:template name="password-field">
	<xsl:param name="field"/>
	<xsl:param name="label"/>
	<xsl:param name="hint" select="''"/>
	<xsl:param name="autocomplete" select="'new-password'"/>
	<div class="field">
		<label for="{$field}"><xsl:value-of select="$label"/></label>
		<xsl:if test="$hint != ''">
			<p class="hint" id="{$field}-hint"><xsl:value-of select="$hint"/></p>
		</xsl:if>
		<xsl:call-template name="field-error">
			<xsl:with-param name="field" select="$field"/>
		</xsl:call-template>
		<input type="password" autocomplete="{$autocomplete}">
			<xsl:call-template name="field-attrs">
				<xsl:with-param name="field" select="$field"/>
			</xsl:call-template>
			<xsl:if test="$hint != ''">
				<xsl:attribute name="aria-describedby">
					<xsl:value-of select="concat($field, '-hint')"/>
					<xsl:if test="/page/errors/error[@field = $field]">
						<xsl:value-of select="concat(' ', $field, '-error')"/>
					</xsl:if>
				</xsl:attribute>
			</xsl:if>
		</input>
	</div>
</xsl:template>

</xsl:stylesheet>
