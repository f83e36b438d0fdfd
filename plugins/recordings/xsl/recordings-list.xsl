<?xml version="1.0" encoding="UTF-8"?>
<!-- Muokkaa kalenterin nauhoituksia (R-RE-3): the tenant's recordings with
     their details and Poista on each row, and the way to add one. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>
<xsl:include href="recordings-common.xsl"/>

<xsl:variable name="list" select="/page/recordings"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="vv:t('nav.recordings')"/>
</xsl:template>

<xsl:template match="page" mode="main">
	<xsl:call-template name="recordings-crumbs"/>
	<h1><xsl:value-of select="vv:t('nav.recordings')"/></h1>
	<p class="hint"><xsl:value-of select="vv:t('recordings.intro')"/></p>
	<p><a class="button" href="{$base}/ecare/recordings/new"><xsl:value-of select="vv:t('recordings.new')"/></a></p>
	<xsl:choose>
		<xsl:when test="$list/recording">
			<table class="recordings">
				<thead>
					<tr>
						<th scope="col"><xsl:value-of select="vv:t('recordings.col.title')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('recordings.col.video')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('ev.start')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('ev.type')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('re.repeat')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('ev.end')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('recordings.col.actions')"/></th>
					</tr>
				</thead>
				<tbody>
					<xsl:for-each select="$list/recording">
						<tr>
							<th scope="row"><xsl:value-of select="@title"/></th>
							<td>
								<xsl:choose>
									<xsl:when test="@session"><xsl:value-of select="concat(vv:t('recordings.session'), ': ', @session)"/></xsl:when>
									<xsl:otherwise><code class="mono"><xsl:value-of select="@video"/></code></xsl:otherwise>
								</xsl:choose>
							</td>
							<td>
								<xsl:call-template name="recordings-start">
									<xsl:with-param name="utc" select="string(@starts)"/>
								</xsl:call-template>
							</td>
							<td>
								<xsl:value-of select="@type"/>
								<xsl:if test="string(@group) != ''">
									<br/><xsl:value-of select="concat(vv:t('ev.external'), ': ', @group)"/>
								</xsl:if>
								<br/><xsl:call-template name="recordings-languages">
									<xsl:with-param name="codes" select="string(@languages)"/>
								</xsl:call-template>
							</td>
							<td>
								<xsl:call-template name="recordings-repeat">
									<xsl:with-param name="r" select="."/>
								</xsl:call-template>
							</td>
							<td>
								<xsl:call-template name="recordings-until">
									<xsl:with-param name="r" select="."/>
								</xsl:call-template>
							</td>
							<td>
								<a class="button button-danger" href="{$base}/ecare/recordings/{@uuid}/delete">
									<xsl:value-of select="vv:t('form.delete')"/>
									<span class="visually-hidden"><xsl:value-of select="concat(': ', @title)"/></span>
								</a>
							</td>
						</tr>
					</xsl:for-each>
				</tbody>
			</table>
		</xsl:when>
		<xsl:otherwise>
			<p><xsl:value-of select="vv:t('recordings.empty')"/></p>
		</xsl:otherwise>
	</xsl:choose>
	<!-- One page of rows at a time: the later ones and back. -->
	<xsl:if test="$list/@page &gt; 0 or $list/@more = '1'">
		<p class="pager">
			<xsl:if test="$list/@page &gt; 0">
				<a rel="prev" href="{$base}/ecare/recordings?page={$list/@page - 1}"><xsl:value-of select="vv:t('recordings.prev-page')"/></a>
			</xsl:if>
			<xsl:if test="$list/@page &gt; 0 and $list/@more = '1'"><xsl:text> </xsl:text></xsl:if>
			<xsl:if test="$list/@more = '1'">
				<a rel="next" href="{$base}/ecare/recordings?page={$list/@page + 1}"><xsl:value-of select="vv:t('recordings.next-page')"/></a>
			</xsl:if>
		</p>
	</xsl:if>
</xsl:template>

</xsl:stylesheet>
