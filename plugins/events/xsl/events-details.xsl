<?xml version="1.0" encoding="UTF-8"?>
<!-- Tiedot (R-EV-11): the event's details, its join links (a new link is
     shown once, on the response that issued it, absolute:
     <links active><active id kind created by/>...<link kind path/></links>;
     every active link is listed with its own Peru) and the participants
     section of the participants plugin, and Läsnäolo once the event has
     begun (events-attendance.xsl). -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>
<xsl:include href="events-common.xsl"/>
<xsl:include href="participants-section.xsl"/>
<xsl:include href="events-attendance.xsl"/>
<xsl:include href="events-consents.xsl"/>

<xsl:variable name="e" select="/page/event"/>
<xsl:variable name="links" select="/page/links"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="vv:t('events.details-title')"/>
</xsl:template>

<xsl:template match="page" mode="main">
	<xsl:call-template name="events-crumbs">
		<xsl:with-param name="here" select="vv:t('form.details')"/>
	</xsl:call-template>
	<h1><xsl:value-of select="$e/@name"/></h1>
	<p class="inline">
		<a class="button button-go" href="{$base}/ecare/call/{$e/@uuid}"><xsl:value-of select="vv:t('ev.join')"/></a>
		<xsl:if test="$e/@record = '1'">
			<a class="button button-secondary" href="{$base}/ecare/events/{$e/@uuid}/recordings"><xsl:value-of select="vv:t('events.recordings-link')"/></a>
		</xsl:if>
	</p>

	<xsl:call-template name="join-links"/>

	<h2><xsl:value-of select="vv:t('events.details-title')"/></h2>
	<dl class="details">
		<dt><xsl:value-of select="vv:t('ev.id')"/></dt>
		<dd><code id="event-id"><xsl:value-of select="$e/@uuid"/></code></dd>
		<dt><xsl:value-of select="vv:t('ev.subject')"/></dt>
		<dd id="event-subject"><xsl:value-of select="$e/@name"/></dd>
		<dt><xsl:value-of select="vv:t('ev.start')"/></dt>
		<dd id="event-start">
			<xsl:call-template name="events-time">
				<xsl:with-param name="utc" select="string($e/@starts)"/>
			</xsl:call-template>
		</dd>
		<dt><xsl:value-of select="vv:t('ev.end')"/></dt>
		<dd id="event-end">
			<xsl:call-template name="events-time">
				<xsl:with-param name="utc" select="string($e/@ends)"/>
			</xsl:call-template>
		</dd>
		<xsl:if test="$e/series">
			<dt><xsl:value-of select="vv:t('events.series')"/></dt>
			<dd id="event-series">
				<xsl:call-template name="series-rule"><xsl:with-param name="s" select="$e/series"/></xsl:call-template>
				<xsl:text> – </xsl:text>
				<xsl:value-of select="vv:t('events.series.upcoming', $e/series/@upcoming)"/>
			</dd>
		</xsl:if>
		<dt><xsl:value-of select="vv:t('ev.duration')"/></dt>
		<dd id="event-duration"><xsl:value-of select="vv:t('events.minutes', $e/@duration)"/></dd>
		<dt><xsl:value-of select="vv:t('ev.participants')"/></dt>
		<dd id="event-enrolled"><xsl:value-of select="$e/@enrolled"/></dd>
		<dt><xsl:value-of select="vv:t('ev.max')"/></dt>
		<dd id="event-max"><xsl:value-of select="$e/@max"/></dd>
		<dt><xsl:value-of select="vv:t('ev.forced-shown')"/></dt>
		<dd id="event-forced">
			<xsl:call-template name="yes-no"><xsl:with-param name="v" select="$e/@forced"/></xsl:call-template>
		</dd>
		<dt><xsl:value-of select="vv:t('ev.record')"/></dt>
		<dd id="event-record">
			<xsl:call-template name="yes-no"><xsl:with-param name="v" select="$e/@record"/></xsl:call-template>
		</dd>
		<dt><xsl:value-of select="vv:t('ev.type')"/></dt>
		<dd id="event-type"><xsl:value-of select="$e/@type"/></dd>
		<xsl:if test="$e/@group">
			<dt><xsl:value-of select="vv:t('ev.external')"/></dt>
			<dd id="event-group"><xsl:value-of select="$e/@group"/></dd>
		</xsl:if>
		<dt><xsl:value-of select="vv:t('ev.language')"/></dt>
		<dd id="event-languages">
			<xsl:for-each select="$e/lang">
				<xsl:if test="position() &gt; 1">, </xsl:if>
				<xsl:value-of select="vv:t(concat('lang.', @code))"/>
			</xsl:for-each>
		</dd>
		<dt><xsl:value-of select="vv:t('events.room')"/></dt>
		<dd>
			<code id="event-room"><xsl:value-of select="$e/@room"/></code>
			<p class="hint"><xsl:value-of select="vv:t('events.room-hint')"/></p>
		</dd>
	</dl>

	<xsl:call-template name="participants-section"/>
	<xsl:call-template name="attendance-section">
		<xsl:with-param name="uuid" select="$e/@uuid"/>
	</xsl:call-template>
	<xsl:call-template name="events-consents"/>

	<!-- Apart from the participant form's Lähetä (issue #17) -->
	<p class="inline event-actions">
		<xsl:if test="$e/@editable = '1'">
			<a class="button button-secondary" href="{$base}/ecare/events/{$e/@uuid}/edit"><xsl:value-of select="vv:t('events.edit')"/></a>
		</xsl:if>
		<a class="button button-danger" href="{$base}/ecare/events/{$e/@uuid}/delete"><xsl:value-of select="vv:t('form.delete')"/></a>
	</p>
	<p><a href="{$base}/ecare/events"><xsl:value-of select="vv:t('events.back')"/></a></p>
</xsl:template>

<!-- Liittymislinkki and Liittymislinkki mobiililaitteille. -->
<xsl:template name="join-links">
	<section aria-labelledby="links-title" id="links">
		<h2 id="links-title"><xsl:value-of select="vv:t('events.links')"/></h2>
		<p class="hint"><xsl:value-of select="vv:t('events.links-intro')"/></p>
		<xsl:if test="$links/link">
			<p class="flash" role="status"><xsl:value-of select="vv:t('events.links-once')"/></p>
		</xsl:if>
		<dl class="details">
			<dt><xsl:value-of select="vv:t('ev.join-link')"/></dt>
			<dd><xsl:call-template name="join-link"><xsl:with-param name="kind" select="'desktop'"/></xsl:call-template></dd>
			<dt><xsl:value-of select="vv:t('ev.join-link-mobile')"/></dt>
			<dd><xsl:call-template name="join-link"><xsl:with-param name="kind" select="'mobile'"/></xsl:call-template></dd>
		</dl>
		<xsl:if test="$links/active">
			<table id="links-active">
				<caption><xsl:value-of select="vv:t('events.links-list')"/></caption>
				<thead>
					<tr>
						<th scope="col"><xsl:value-of select="vv:t('events.links-col.kind')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('events.links-col.created')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('events.links-col.by')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('events.links-col.actions')"/></th>
					</tr>
				</thead>
				<tbody>
					<xsl:for-each select="$links/active">
						<xsl:variable name="what" select="vv:t(concat('events.links-kind.', @kind))"/>
						<tr>
							<th scope="row"><xsl:value-of select="$what"/></th>
							<td>
								<xsl:call-template name="events-time">
									<xsl:with-param name="utc" select="string(@created)"/>
								</xsl:call-template>
							</td>
							<td><xsl:value-of select="@by"/></td>
							<td>
								<form method="post" class="inline" action="{$base}/ecare/events/{$e/@uuid}/links/{@id}/revoke">
									<xsl:call-template name="csrf"/>
									<button type="submit" class="button-secondary">
										<xsl:value-of select="vv:t('events.links-revoke-one')"/>
										<span class="visually-hidden"><xsl:value-of select="concat(' ', $what, ' ', @created)"/></span>
									</button>
								</form>
							</td>
						</tr>
					</xsl:for-each>
				</tbody>
			</table>
		</xsl:if>
		<form method="post" class="inline" action="{$base}/ecare/events/{$e/@uuid}/links">
			<xsl:call-template name="csrf"/>
			<button type="submit"><xsl:value-of select="vv:t('events.links-new')"/></button>
		</form>
		<xsl:if test="$links/@active = '1'">
			<xsl:text> </xsl:text>
			<form method="post" class="inline" action="{$base}/ecare/events/{$e/@uuid}/links/revoke">
				<xsl:call-template name="csrf"/>
				<button type="submit" class="button-secondary"><xsl:value-of select="vv:t('events.links-revoke')"/></button>
			</form>
		</xsl:if>
	</section>
</xsl:template>

<!-- The link itself right after it was issued; otherwise whether one exists. -->
<xsl:template name="join-link">
	<xsl:param name="kind"/>
	<xsl:variable name="l" select="$links/link[@kind = $kind]"/>
	<xsl:choose>
		<xsl:when test="$l">
			<code id="join-link-{$kind}"><xsl:value-of select="$l/@path"/></code>
			<xsl:text> </xsl:text>
			<xsl:call-template name="copy-button">
				<xsl:with-param name="target" select="concat('join-link-', $kind)"/>
			</xsl:call-template>
		</xsl:when>
		<xsl:when test="$links/@active = '1'">
			<xsl:value-of select="vv:t('events.links-active')"/>
		</xsl:when>
		<xsl:otherwise>
			<xsl:value-of select="vv:t('events.links-none')"/>
		</xsl:otherwise>
	</xsl:choose>
</xsl:template>

</xsl:stylesheet>
