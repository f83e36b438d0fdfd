<?xml version="1.0" encoding="UTF-8"?>
<!-- Sign in (/{lang}/login) and the answer to an invalid login link. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>

<xsl:template match="page" mode="title">
	<xsl:choose>
		<xsl:when test="link-invalid"><xsl:value-of select="vv:t('auth.link-invalid.title')"/></xsl:when>
		<xsl:otherwise><xsl:value-of select="vv:t('auth.title')"/></xsl:otherwise>
	</xsl:choose>
</xsl:template>

<xsl:template match="page[link-invalid]" mode="main">
	<h1><xsl:value-of select="vv:t('auth.link-invalid.title')"/></h1>
	<p class="lead"><xsl:value-of select="vv:t('auth.link-invalid.text')"/></p>
	<p><a class="button" href="{$base}/login"><xsl:value-of select="vv:t('auth.title')"/></a></p>
</xsl:template>

<xsl:template match="page" mode="main">
	<h1><xsl:value-of select="vv:t('auth.title')"/></h1>
	<xsl:choose>
		<xsl:when test="$role != 'anon'">
			<p class="lead"><xsl:value-of select="vv:t('auth.already', $ctx/@user)"/></p>
		</xsl:when>
		<xsl:otherwise>
			<p class="hint"><xsl:value-of select="vv:t('auth.customers-hint')"/></p>
		</xsl:otherwise>
	</xsl:choose>
	<form class="form" method="post" action="{$base}/login" novalidate="novalidate">
		<xsl:call-template name="csrf"/>
		<div class="field">
			<label for="email"><xsl:value-of select="vv:t('auth.email')"/></label>
			<xsl:call-template name="field-error"><xsl:with-param name="field" select="'email'"/></xsl:call-template>
			<input type="email" autocomplete="username" value="{login/@email}">
				<xsl:call-template name="field-attrs"><xsl:with-param name="field" select="'email'"/></xsl:call-template>
			</input>
		</div>
		<div class="field">
			<label for="password"><xsl:value-of select="vv:t('auth.password')"/></label>
			<xsl:call-template name="field-error"><xsl:with-param name="field" select="'password'"/></xsl:call-template>
			<input type="password" autocomplete="current-password">
				<xsl:call-template name="field-attrs"><xsl:with-param name="field" select="'password'"/></xsl:call-template>
			</input>
		</div>
		<button type="submit" class="button button-big"><xsl:value-of select="vv:t('auth.submit')"/></button>
	</form>
</xsl:template>

</xsl:stylesheet>
