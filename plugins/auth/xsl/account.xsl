<?xml version="1.0" encoding="UTF-8"?>
<!--
  The account's corner of the page header, plugin auth's page-wide part
  (slot header, mode="account", after the menu): Sign in for visitors;
  the user's name and a sign-out form (POST with the CSRF token) for
  everyone signed in. A staff member's name leads to Vaihda salasana
  (customers have no password): one link more would crowd the header.
  Depends only on the document's ctx (the page cache keys on it).
-->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:template match="page" mode="account">
	<div class="account">
		<xsl:choose>
			<xsl:when test="$role = 'anon' or $role = ''">
				<!-- page/@header = 'plain': a customer's page (a login link's)
				     where a second "Kirjaudu sisään" would only confuse. -->
				<xsl:if test="not(/page/@header = 'plain')">
					<a class="button" href="{$base}/login"><xsl:value-of select="vv:t('nav.login')"/></a>
				</xsl:if>
			</xsl:when>
			<xsl:otherwise>
				<xsl:if test="string($ctx/@user) != ''">
					<xsl:choose>
						<xsl:when test="$is-staff">
							<a class="user" href="{$base}/account/password">
								<xsl:if test="$ctx/@subpath = '/account/password'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
								<span class="visually-hidden"><xsl:value-of select="concat(vv:t('nav.signed-in-as'), ': ')"/></span>
								<xsl:value-of select="$ctx/@user"/>
								<span class="visually-hidden"><xsl:value-of select="concat(' (', vv:t('nav.password'), ')')"/></span>
							</a>
						</xsl:when>
						<xsl:otherwise>
							<span class="user">
								<span class="visually-hidden"><xsl:value-of select="concat(vv:t('nav.signed-in-as'), ': ')"/></span>
								<xsl:value-of select="$ctx/@user"/>
							</span>
						</xsl:otherwise>
					</xsl:choose>
				</xsl:if>
				<!-- tablet (issue #17): no sign-out for a customer, who has no
				     password to come back with; staff sign a tablet out
				     (GET /logout asks first, the admin ends its devices). -->
				<xsl:if test="$role != 'customer'">
					<form class="logout" method="post" action="{$base}/logout">
						<input type="hidden" name="csrf" value="{$ctx/@csrf}"/>
						<button type="submit" class="button-secondary"><xsl:value-of select="vv:t('nav.logout')"/></button>
					</form>
				</xsl:if>
			</xsl:otherwise>
		</xsl:choose>
	</div>
</xsl:template>

</xsl:stylesheet>
