<?xml version="1.0" encoding="UTF-8"?>
<!-- Pieces the recordings pages share (included by recordings-list/-form/
     -delete.xsl, which import layout.xsl). -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<!-- eCare Event › Kalenteriasetukset › Muokkaa kalenterin nauhoituksia [› $here] -->
<xsl:template name="recordings-crumbs">
	<xsl:param name="here" select="''"/>
	<nav aria-label="{vv:t('nav.main')}" class="breadcrumbs">
		<ol>
			<li><xsl:value-of select="vv:t('nav.ecare')"/></li>
			<li><xsl:value-of select="vv:t('nav.calendar-settings')"/></li>
			<li>
				<a href="{$base}/ecare/recordings">
					<xsl:if test="$here = ''">
						<xsl:attribute name="aria-current">page</xsl:attribute>
					</xsl:if>
					<xsl:value-of select="vv:t('nav.recordings')"/>
				</a>
			</li>
			<xsl:if test="$here != ''">
				<li aria-current="page"><xsl:value-of select="$here"/></li>
			</xsl:if>
		</ol>
	</nav>
</xsl:template>

<!-- Alkaen in the tenant's zone with the zone's name (EET/EEST). -->
<xsl:template name="recordings-start">
	<xsl:param name="utc"/>
	<time datetime="{concat(translate($utc, ' ', 'T'), 'Z')}"><xsl:value-of select="vv:datetime($utc, 'zone')"/></time>
</xsl:template>

<!-- Toistetaan in words, and Loppuen (a calendar date, no zone: it is the
     last local date the recording shows). -->
<xsl:template name="recordings-repeat">
	<xsl:param name="r"/>
	<xsl:value-of select="vv:t(concat('re.', $r/@repeat))"/>
</xsl:template>

<xsl:template name="recordings-until">
	<xsl:param name="r"/>
	<xsl:choose>
		<xsl:when test="string($r/@until) != '' and $r/@repeat != 'once'">
			<!-- noon UTC of the date, shown in UTC: the date itself, in the page's format -->
			<time datetime="{$r/@until}"><xsl:value-of select="vv:datetime(concat($r/@until, ' 12:00:00'), 'date', 'UTC')"/></time>
		</xsl:when>
		<xsl:otherwise><xsl:value-of select="vv:t('recordings.no-end')"/></xsl:otherwise>
	</xsl:choose>
</xsl:template>

<!-- "Kieli: Suomi, English" for a languages SET value like "fi,en". -->
<xsl:template name="recordings-languages">
	<xsl:param name="codes"/>
	<xsl:variable name="c" select="concat(',', $codes, ',')"/>
	<xsl:variable name="fi" select="contains($c, ',fi,')"/>
	<xsl:variable name="sv" select="contains($c, ',sv,')"/>
	<xsl:value-of select="concat(vv:t('ev.language'), ': ')"/>
	<xsl:if test="$fi"><xsl:value-of select="vv:t('lang.fi')"/></xsl:if>
	<xsl:if test="$sv">
		<xsl:if test="$fi">, </xsl:if>
		<xsl:value-of select="vv:t('lang.sv')"/>
	</xsl:if>
	<xsl:if test="contains($c, ',en,')">
		<xsl:if test="$fi or $sv">, </xsl:if>
		<xsl:value-of select="vv:t('lang.en')"/>
	</xsl:if>
</xsl:template>

</xsl:stylesheet>
