<?xml version="1.0" encoding="UTF-8"?>
<!-- Kirjaudutaanko ulos? (GET /{lang}/logout): signing out asks first.
     Customers have no sign-out button (issue #17: one tap locked them out,
     and they have no password to come back with); a care worker who means
     to sign a tablet out opens this address, or revokes the tablet's login
     link on the admin's customer page. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="vv:t('auth.logout.title')"/>
</xsl:template>

<xsl:template match="page" mode="main">
	<h1><xsl:value-of select="vv:t('auth.logout.title')"/></h1>
	<xsl:if test="$role = 'customer'">
		<p class="lead"><xsl:value-of select="vv:t('auth.logout.customer')"/></p>
	</xsl:if>
	<form method="post" action="{$base}/logout">
		<xsl:call-template name="csrf"/>
		<p class="inline">
			<button type="submit" class="button-danger"><xsl:value-of select="vv:t('nav.logout')"/></button>
			<a class="button button-secondary" href="{$base}/"><xsl:value-of select="vv:t('auth.logout.cancel')"/></a>
		</p>
	</form>
</xsl:template>

</xsl:stylesheet>
