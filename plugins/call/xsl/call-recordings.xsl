<?xml version="1.0" encoding="UTF-8"?>
<!-- R-CA-6: the recordings of an event, for the staff of its tenant: one
     file per stream (as the video adapter converted it), its size and a player. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>

<xsl:variable name="p" select="/page/recordings"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="concat(vv:t('call.rec.title'), ': ', $p/@name)"/>
</xsl:template>

<xsl:template match="page" mode="head">
	<link rel="stylesheet" href="/static/call.css"/>
</xsl:template>

<xsl:template match="page" mode="main">
	<h1><xsl:value-of select="vv:t('call.rec.title')"/>: <xsl:value-of select="$p/@name"/></h1>
	<xsl:if test="$p/@pending &gt; 0">
		<p class="flash" role="status" id="rec-pending"><xsl:value-of select="vv:t('call.rec.pending', string($p/@pending))"/></p>
	</xsl:if>
	<xsl:if test="$p/@failed &gt; 0">
		<p class="flash" id="rec-failed"><xsl:value-of select="vv:t('call.rec.failed', string($p/@failed))"/></p>
	</xsl:if>
	<xsl:choose>
		<xsl:when test="$p/file">
			<table class="recordings-table">
				<thead><tr>
					<th scope="col"><xsl:value-of select="vv:t('call.rec.file')"/></th>
					<th scope="col"><xsl:value-of select="vv:t('call.rec.kind')"/></th>
					<th scope="col"><xsl:value-of select="vv:t('call.rec.size')"/></th>
					<th scope="col"><xsl:value-of select="vv:t('call.rec.play')"/></th>
				</tr></thead>
				<tbody>
					<xsl:for-each select="$p/file">
						<tr class="recording">
							<td><a href="{@href}" download="{@name}"><xsl:value-of select="@name"/></a></td>
							<td><xsl:value-of select="vv:t(concat('call.rec.', @kind))"/></td>
							<td data-bytes="{@bytes}"><xsl:value-of select="format-number(@bytes div 1024, '#,##0')"/><xsl:text> </xsl:text><xsl:value-of select="vv:t('call.rec.kb')"/></td>
							<td>
								<xsl:choose>
									<xsl:when test="@kind = 'video'"><video controls="controls" preload="none" src="{@href}"></video></xsl:when>
									<xsl:otherwise><audio controls="controls" preload="none" src="{@href}"></audio></xsl:otherwise>
								</xsl:choose>
							</td>
						</tr>
					</xsl:for-each>
				</tbody>
			</table>
		</xsl:when>
		<xsl:when test="$p/@ended = '0'"><p><xsl:value-of select="vv:t('call.rec.running')"/></p></xsl:when>
		<xsl:when test="$p/@pending &gt; 0"/>
		<xsl:otherwise><p><xsl:value-of select="vv:t('call.rec.none')"/></p></xsl:otherwise>
	</xsl:choose>
</xsl:template>

</xsl:stylesheet>
