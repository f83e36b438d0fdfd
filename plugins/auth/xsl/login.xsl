<?xml version="1.0" encoding="UTF-8"?>
<!-- Sign in (/{lang}/login), a login link's page (/{lang}/login/{token}: whose
     link it is and one big button that signs in) and the answer to a link
     that cannot be used. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>

<xsl:template match="page" mode="title">
	<xsl:choose>
		<xsl:when test="link-invalid/@why = 'used'"><xsl:value-of select="vv:t('auth.link-used.title')"/></xsl:when>
		<xsl:when test="link-invalid/@why = 'expired'"><xsl:value-of select="vv:t('auth.link-expired.title')"/></xsl:when>
		<xsl:when test="link-invalid"><xsl:value-of select="vv:t('auth.link-invalid.title')"/></xsl:when>
		<xsl:when test="link-confirm"><xsl:value-of select="vv:t('auth.link.title')"/></xsl:when>
		<xsl:when test="signed-out"><xsl:value-of select="vv:t('auth.signed-out.title')"/></xsl:when>
		<xsl:otherwise><xsl:value-of select="vv:t('auth.title')"/></xsl:otherwise>
	</xsl:choose>
</xsl:template>

<!-- Used or expired: the customer can do nothing here but ask for a new
     link, so the page says only that (no staff sign-in form to puzzle over). -->
<xsl:template match="page[link-invalid/@why]" mode="main" priority="2">
	<h1><xsl:apply-templates select="." mode="title"/></h1>
	<p class="lead">
		<xsl:choose>
			<xsl:when test="link-invalid/@why = 'used'"><xsl:value-of select="vv:t('auth.link-used.text')"/></xsl:when>
			<xsl:otherwise><xsl:value-of select="vv:t('auth.link-expired.text')"/></xsl:otherwise>
		</xsl:choose>
	</p>
</xsl:template>

<!-- A tablet whose session was ended: what happened and what to do. -->
<xsl:template match="page[signed-out]" mode="main">
	<h1><xsl:value-of select="vv:t('auth.signed-out.title')"/></h1>
	<p class="lead"><xsl:value-of select="vv:t('auth.signed-out.text')"/></p>
	<p><xsl:value-of select="vv:t('auth.signed-out.ask')"/></p>
</xsl:template>

<xsl:template match="page[link-confirm]" mode="main">
	<xsl:variable name="l" select="link-confirm"/>
	<h1><xsl:value-of select="vv:t('auth.link.who', string($l/@name))"/></h1>
	<xsl:if test="$l/@current">
		<div class="caution" role="note">
			<p><xsl:value-of select="vv:t('auth.link.current', string($l/@current))"/></p>
			<xsl:if test="$l/@staff = '1'">
				<p><xsl:value-of select="vv:t('auth.link.staff')"/></p>
			</xsl:if>
		</div>
	</xsl:if>
	<p class="lead"><xsl:value-of select="vv:t('auth.link.press')"/></p>
	<form class="form" method="post" action="{$base}/login/{$l/@token}">
		<xsl:call-template name="csrf"/>
		<button type="submit" class="button button-big"><xsl:value-of select="vv:t('auth.link.submit')"/></button>
	</form>
	<p class="hint"><xsl:value-of select="vv:t('auth.link.once')"/></p>
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
