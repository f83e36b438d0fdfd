<?xml version="1.0" encoding="UTF-8"?>
<!-- The front page, /{lang}/: what VV Home is for, and the one next step
     for each kind of visitor (sign in; open the calendar; staff tools). -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="vv:t('home.title')"/>
</xsl:template>

<xsl:template match="page" mode="main">
	<h1><xsl:value-of select="vv:t('home.title')"/></h1>
	<p class="lead"><xsl:value-of select="vv:t('home.intro')"/></p>
	<p><xsl:value-of select="vv:t('home.how')"/></p>
	<xsl:choose>
		<xsl:when test="$role = 'customer'">
			<p><a class="button button-big" href="{$base}/ecare/index/calendar"><xsl:value-of select="vv:t('home.calendar')"/></a></p>
		</xsl:when>
		<xsl:when test="$role = 'professional'">
			<p><a class="button button-big" href="{$base}/ecare/index/calendar"><xsl:value-of select="vv:t('home.staff-calendar')"/></a></p>
		</xsl:when>
		<xsl:when test="$is-staff">
			<section class="home-staff" aria-labelledby="home-staff-title">
				<h2 id="home-staff-title"><xsl:value-of select="vv:t('nav.calendar-settings')"/></h2>
				<ul class="link-list">
					<li><a href="{$base}/ecare/events"><xsl:value-of select="vv:t('nav.events')"/></a></li>
					<li><a href="{$base}/ecare/recordings"><xsl:value-of select="vv:t('nav.recordings')"/></a></li>
					<li><a href="{$base}/ecare/index/calendar"><xsl:value-of select="vv:t('home.staff-calendar')"/></a></li>
				</ul>
				<h2><xsl:value-of select="vv:t('nav.company')"/></h2>
				<ul class="link-list">
					<li><a href="{$base}/admin/users/employees"><xsl:value-of select="vv:t('nav.employees')"/></a></li>
					<xsl:if test="$is-admin">
						<li><a href="{$base}/admin/users/customers"><xsl:value-of select="vv:t('nav.customers')"/></a></li>
						<li><a href="{$base}/admin/types"><xsl:value-of select="vv:t('nav.types')"/></a></li>
						<li><a href="{$base}/admin/settings"><xsl:value-of select="vv:t('nav.settings')"/></a></li>
					</xsl:if>
				</ul>
			</section>
		</xsl:when>
		<xsl:otherwise>
			<p><a class="button button-big" href="{$base}/login"><xsl:value-of select="vv:t('home.signin')"/></a></p>
			<p class="hint"><xsl:value-of select="vv:t('home.signin-help')"/></p>
		</xsl:otherwise>
	</xsl:choose>
</xsl:template>

</xsl:stylesheet>
