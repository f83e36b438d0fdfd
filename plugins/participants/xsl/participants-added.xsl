<?xml version="1.0" encoding="UTF-8"?>
<!--
  Answers of the participants plugin's POSTs that are not a redirect:
  - <guest-link path first last email/>: a guest was added; their personal
    join link is shown on this response only (only its hash is stored);
  - otherwise the event's participants and the add form again, with the
    user's input and the messages (422).
  <event uuid name starts/> names the event on both.
-->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>
<xsl:include href="participants-section.xsl"/>

<xsl:variable name="ev" select="/page/event"/>
<xsl:variable name="details" select="concat($base, '/ecare/events/', $ev/@uuid)"/>

<xsl:template match="page" mode="title">
	<xsl:choose>
		<xsl:when test="guest-link"><xsl:value-of select="vv:t('participants.added.title')"/></xsl:when>
		<xsl:otherwise><xsl:value-of select="vv:t('participants.page.title')"/></xsl:otherwise>
	</xsl:choose>
</xsl:template>

<xsl:template match="page" mode="main">
	<h1><xsl:apply-templates select="." mode="title"/></h1>
	<p class="lead">
		<xsl:value-of select="$ev/@name"/>
		<xsl:if test="string($ev/@starts) != ''">
			<xsl:value-of select="concat(' – ', vv:datetime(string($ev/@starts)))"/>
		</xsl:if>
	</p>
	<xsl:choose>
		<xsl:when test="guest-link">
			<xsl:apply-templates select="guest-link"/>
		</xsl:when>
		<xsl:otherwise>
			<xsl:call-template name="participants-section"/>
		</xsl:otherwise>
	</xsl:choose>
	<p><a href="{$details}"><xsl:value-of select="vv:t('participants.back')"/></a></p>
</xsl:template>

<!-- Selectable text in a read-only field; the copy button appears when
     JavaScript runs (staff.js also turns the path into the whole address). -->
<xsl:template match="guest-link">
	<p>
		<xsl:value-of select="vv:t('participants.added.text', normalize-space(concat(@first, ' ', @last, ' (', @email, ')')))"/>
	</p>
	<section class="flash" aria-labelledby="guest-link-title">
		<h2 id="guest-link-title"><xsl:value-of select="vv:t('participants.link.label')"/></h2>
		<p><xsl:value-of select="vv:t('participants.link.once')"/></p>
		<p>
			<label for="guest-link"><xsl:value-of select="vv:t('participants.link.label')"/></label>
			<input type="text" readonly="readonly" class="mono" id="guest-link" value="{@path}" data-path="{@path}"/>
			<xsl:call-template name="copy-button"><xsl:with-param name="target" select="'guest-link'"/></xsl:call-template>
		</p>
	</section>
</xsl:template>

</xsl:stylesheet>
