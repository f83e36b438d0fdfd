<?xml version="1.0" encoding="UTF-8"?>
<!-- Muokkaa kalenteria (R-EV-10): the tenant's upcoming events, or with
     ?past=1 the past ones, with Tiedot, Muokkaa (not for past ones) and
     Poista on each row. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>
<xsl:include href="events-common.xsl"/>

<xsl:variable name="list" select="/page/events"/>
<xsl:variable name="past" select="$list/@past = '1'"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="vv:t('nav.events')"/>
</xsl:template>

<xsl:template match="page" mode="main">
	<xsl:call-template name="events-crumbs"/>
	<h1><xsl:value-of select="vv:t('nav.events')"/></h1>
	<p><a class="button" href="{$base}/ecare/events/new"><xsl:value-of select="vv:t('events.new')"/></a></p>
	<h2>
		<xsl:choose>
			<xsl:when test="$past"><xsl:value-of select="vv:t('events.past')"/></xsl:when>
			<xsl:otherwise><xsl:value-of select="vv:t('events.upcoming')"/></xsl:otherwise>
		</xsl:choose>
	</h2>
	<xsl:choose>
		<xsl:when test="$list/event">
			<table>
				<thead>
					<tr>
						<th scope="col"><xsl:value-of select="vv:t('ev.start')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('ev.name')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('ev.type')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('ev.participants')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('events.col.actions')"/></th>
					</tr>
				</thead>
				<tbody>
					<!-- A series (issue 16) is one row that opens onto its
					     occurrences on this page, where its first one is. -->
					<xsl:for-each select="$list/event[not(@series) or not(@series = preceding-sibling::event/@series)]">
						<xsl:choose>
							<xsl:when test="@series">
								<xsl:variable name="occ" select="$list/event[@series = current()/@series]"/>
								<tr class="series-row" id="series-{@series}">
									<td colspan="5">
										<details>
											<summary>
												<span class="series-marker"><xsl:value-of select="vv:t('events.series')"/></span>
												<xsl:text> </xsl:text>
												<strong><xsl:value-of select="@name"/></strong>
												<xsl:text> – </xsl:text>
												<xsl:call-template name="series-rule"><xsl:with-param name="s" select="."/></xsl:call-template>
												<xsl:text> – </xsl:text>
												<xsl:value-of select="vv:t('events.series.shown', count($occ))"/>
												<xsl:text> – </xsl:text>
												<xsl:call-template name="events-time">
													<xsl:with-param name="utc" select="string(@starts)"/>
												</xsl:call-template>
											</summary>
											<table class="series-occurrences">
												<tbody>
													<xsl:for-each select="$occ">
														<xsl:call-template name="event-row"/>
													</xsl:for-each>
												</tbody>
											</table>
										</details>
									</td>
								</tr>
							</xsl:when>
							<xsl:otherwise>
								<xsl:call-template name="event-row"/>
							</xsl:otherwise>
						</xsl:choose>
					</xsl:for-each>
				</tbody>
			</table>
		</xsl:when>
		<xsl:otherwise>
			<p><xsl:value-of select="vv:t('events.empty')"/></p>
		</xsl:otherwise>
	</xsl:choose>
	<!-- One page of rows at a time: the next ones (later upcoming, earlier
	     past) and back, in the same list. -->
	<xsl:if test="$list/@page &gt; 0 or $list/@more = '1'">
		<xsl:variable name="q">
			<xsl:if test="$past">past=1&amp;</xsl:if>
		</xsl:variable>
		<p class="pager">
			<xsl:if test="$list/@page &gt; 0">
				<a rel="prev" href="{$base}/ecare/events?{$q}page={$list/@page - 1}"><xsl:value-of select="vv:t('events.prev-page')"/></a>
			</xsl:if>
			<xsl:if test="$list/@page &gt; 0 and $list/@more = '1'"><xsl:text> </xsl:text></xsl:if>
			<xsl:if test="$list/@more = '1'">
				<a rel="next" href="{$base}/ecare/events?{$q}page={$list/@page + 1}"><xsl:value-of select="vv:t('events.next-page')"/></a>
			</xsl:if>
		</p>
	</xsl:if>
	<p>
		<xsl:choose>
			<xsl:when test="$past">
				<a href="{$base}/ecare/events"><xsl:value-of select="vv:t('events.show-upcoming')"/></a>
			</xsl:when>
			<xsl:otherwise>
				<a href="{$base}/ecare/events?past=1"><xsl:value-of select="vv:t('events.show-past')"/></a>
			</xsl:otherwise>
		</xsl:choose>
	</p>
</xsl:template>

<!-- One event's row: its start, name, type, count and actions. -->
<xsl:template name="event-row">
	<tr>
		<td>
			<xsl:call-template name="events-time">
				<xsl:with-param name="utc" select="string(@starts)"/>
			</xsl:call-template>
		</td>
		<th scope="row"><xsl:value-of select="@name"/></th>
		<td><xsl:value-of select="@type"/></td>
		<td><xsl:value-of select="@enrolled"/></td>
		<td>
			<a class="button button-secondary" href="{$base}/ecare/events/{@uuid}">
				<xsl:value-of select="vv:t('form.details')"/>
				<span class="visually-hidden"><xsl:value-of select="concat(': ', @name)"/></span>
			</a>
			<xsl:if test="not($past)">
				<xsl:text> </xsl:text>
				<a class="button button-secondary" href="{$base}/ecare/events/{@uuid}/edit">
					<xsl:value-of select="vv:t('events.edit')"/>
					<span class="visually-hidden"><xsl:value-of select="concat(': ', @name)"/></span>
				</a>
			</xsl:if>
			<xsl:text> </xsl:text>
			<a class="button button-danger" href="{$base}/ecare/events/{@uuid}/delete">
				<xsl:value-of select="vv:t('form.delete')"/>
				<span class="visually-hidden"><xsl:value-of select="concat(': ', @name)"/></span>
			</a>
		</td>
	</tr>
</xsl:template>

</xsl:stylesheet>
