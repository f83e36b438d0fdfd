<?xml version="1.0" encoding="UTF-8"?>
<!-- Pieces the events pages share (included by events-list/-form/-details/
     -delete.xsl, which import layout.xsl). -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<!-- eCare Event › Kalenteriasetukset › Muokkaa kalenteria [› $here] -->
<xsl:template name="events-crumbs">
	<xsl:param name="here" select="''"/>
	<nav aria-label="{vv:t('nav.main')}" class="breadcrumbs">
		<ol>
			<li><xsl:value-of select="vv:t('nav.ecare')"/></li>
			<li><xsl:value-of select="vv:t('nav.calendar-settings')"/></li>
			<li>
				<xsl:choose>
					<xsl:when test="$here = ''">
						<a href="{$base}/ecare/events" aria-current="page"><xsl:value-of select="vv:t('nav.events')"/></a>
					</xsl:when>
					<xsl:otherwise>
						<a href="{$base}/ecare/events"><xsl:value-of select="vv:t('nav.events')"/></a>
					</xsl:otherwise>
				</xsl:choose>
			</li>
			<xsl:if test="$here != ''">
				<li aria-current="page"><xsl:value-of select="$here"/></li>
			</xsl:if>
		</ol>
	</nav>
</xsl:template>

<!-- <option> with the current value selected. -->
<xsl:template name="events-option">
	<xsl:param name="value"/>
	<xsl:param name="label"/>
	<xsl:param name="current"/>
	<option value="{$value}">
		<xsl:if test="string($value) = string($current)">
			<xsl:attribute name="selected">selected</xsl:attribute>
		</xsl:if>
		<xsl:value-of select="$label"/>
	</option>
</xsl:template>

<!-- Kyllä or Ei for a flag "1"/"0". -->
<xsl:template name="yes-no">
	<xsl:param name="v"/>
	<xsl:choose>
		<xsl:when test="$v = '1'"><xsl:value-of select="vv:t('form.yes')"/></xsl:when>
		<xsl:otherwise><xsl:value-of select="vv:t('form.no')"/></xsl:otherwise>
	</xsl:choose>
</xsl:template>

<!-- A time in the tenant's zone with the zone's name (EET/EEST), so that
     nobody misreads a time around a DST change. -->
<xsl:template name="events-time">
	<xsl:param name="utc"/>
	<time datetime="{concat(translate($utc, ' ', 'T'), 'Z')}"><xsl:value-of select="vv:datetime($utc, 'zone')"/></time>
</xsl:template>

<!-- A series' rule in words: "Joka viikko: ma, ke" or "Joka 2. viikko: ma"
     ($s: an element with @every and <wday value/> children). -->
<xsl:template name="series-rule">
	<xsl:param name="s"/>
	<xsl:choose>
		<xsl:when test="$s/@every = '1'"><xsl:value-of select="vv:t('events.series.weekly')"/></xsl:when>
		<xsl:otherwise><xsl:value-of select="vv:t('events.series.every', $s/@every)"/></xsl:otherwise>
	</xsl:choose>
	<xsl:text>: </xsl:text>
	<xsl:for-each select="$s/wday">
		<xsl:if test="position() &gt; 1">, </xsl:if>
		<xsl:value-of select="vv:t(concat('events.wd-short.', @value))"/>
	</xsl:for-each>
</xsl:template>

</xsl:stylesheet>
