<?xml version="1.0" encoding="UTF-8"?>
<!-- Kalenterisyöte: a staff member's own feed (/{lang}/account/calendar-feed)
     or, for the admin, a customer's (/{lang}/admin/customers/{uuid}/calendar-feed,
     feed/@customer set). The address is in feed/@url only right after it
     was made: shown once, to copy into a calendar program. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>

<xsl:variable name="feed" select="/page/feed"/>

<xsl:template match="page" mode="title">
	<xsl:choose>
		<xsl:when test="$feed/@customer"><xsl:value-of select="vv:t('feeds.title.customer', $feed/@customer)"/></xsl:when>
		<xsl:otherwise><xsl:value-of select="vv:t('feeds.title')"/></xsl:otherwise>
	</xsl:choose>
</xsl:template>

<xsl:template match="page" mode="main">
	<h1><xsl:apply-templates select="." mode="title"/></h1>
	<p class="hint">
		<xsl:choose>
			<xsl:when test="$feed/@customer"><xsl:value-of select="vv:t('feeds.about.customer')"/></xsl:when>
			<xsl:otherwise><xsl:value-of select="vv:t('feeds.about.staff')"/></xsl:otherwise>
		</xsl:choose>
	</p>
	<xsl:if test="$feed/@url">
		<section class="flash" aria-labelledby="feed-new-title">
			<h2 id="feed-new-title"><xsl:value-of select="vv:t('feeds.new')"/></h2>
			<p><xsl:value-of select="vv:t('feeds.once')"/></p>
			<p>
				<label for="feed-url"><xsl:value-of select="vv:t('feeds.url')"/></label>
				<input type="text" readonly="readonly" class="mono" id="feed-url" value="{$feed/@url}"/>
				<xsl:call-template name="copy-button"><xsl:with-param name="target" select="'feed-url'"/></xsl:call-template>
			</p>
		</section>
	</xsl:if>
	<p id="feed-state">
		<xsl:choose>
			<xsl:when test="$feed/@live = '1'"><xsl:value-of select="vv:t('feeds.live', $feed/@since)"/></xsl:when>
			<xsl:otherwise><xsl:value-of select="vv:t('feeds.none')"/></xsl:otherwise>
		</xsl:choose>
	</p>
	<xsl:if test="$feed/@nourl = '1'">
		<p class="hint"><xsl:value-of select="vv:t('feeds.error.nourl')"/></p>
	</xsl:if>
	<form method="post" action="{$base}{$feed/@action}">
		<xsl:call-template name="csrf"/>
		<xsl:call-template name="field-error"><xsl:with-param name="field" select="'do'"/></xsl:call-template>
		<button type="submit" name="do" value="create" id="do">
			<xsl:choose>
				<xsl:when test="$feed/@live = '1'"><xsl:value-of select="vv:t('feeds.replace')"/></xsl:when>
				<xsl:otherwise><xsl:value-of select="vv:t('feeds.create')"/></xsl:otherwise>
			</xsl:choose>
		</button>
		<xsl:if test="$feed/@live = '1'">
			<xsl:text> </xsl:text>
			<button type="submit" name="do" value="revoke" class="button-danger">
				<xsl:value-of select="vv:t('feeds.revoke')"/>
			</button>
		</xsl:if>
	</form>
	<xsl:if test="$feed/@customer">
		<p><a href="{$base}/admin/users/{$feed/@uuid}"><xsl:value-of select="vv:t('feeds.back-customer')"/></a></p>
	</xsl:if>
</xsl:template>

</xsl:stylesheet>
