<?xml version="1.0" encoding="UTF-8"?>
<!-- Tapahtumaloki (/admin/audit): the organisation's audit log, newest
     first, filtered by action, person and dates, a page at a time; the
     same filter as CSV (/admin/audit/csv, which shows this page when a
     field is wrong). -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>
<xsl:include href="admin-fields.xsl"/>

<xsl:variable name="flt" select="/page/audit-filter"/>
<xsl:variable name="log" select="/page/audit"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="vv:t('nav.audit')"/>
</xsl:template>

<xsl:template match="page" mode="main">
	<xsl:call-template name="admin-crumbs">
		<xsl:with-param name="users" select="false()"/>
	</xsl:call-template>
	<h1><xsl:value-of select="vv:t('nav.audit')"/></h1>
	<p class="hint"><xsl:value-of select="vv:t('admin.audit.about')"/></p>
	<form method="get" action="{$base}/admin/audit" class="filter">
		<div class="field">
			<label for="action"><xsl:value-of select="vv:t('admin.audit.action')"/></label>
			<xsl:call-template name="field-error"><xsl:with-param name="field" select="'action'"/></xsl:call-template>
			<select>
				<xsl:call-template name="field-attrs"><xsl:with-param name="field" select="'action'"/></xsl:call-template>
				<xsl:call-template name="admin-option">
					<xsl:with-param name="value" select="''"/>
					<xsl:with-param name="label" select="vv:t('admin.audit.all')"/>
					<xsl:with-param name="current" select="string($flt/@action)"/>
				</xsl:call-template>
				<xsl:for-each select="/page/actions/action">
					<xsl:call-template name="admin-option">
						<xsl:with-param name="value" select="string(@name)"/>
						<xsl:with-param name="label" select="string(@name)"/>
						<xsl:with-param name="current" select="string($flt/@action)"/>
					</xsl:call-template>
				</xsl:for-each>
			</select>
		</div>
		<div class="field">
			<label for="person"><xsl:value-of select="vv:t('admin.audit.person')"/></label>
			<xsl:call-template name="field-error"><xsl:with-param name="field" select="'person'"/></xsl:call-template>
			<select>
				<xsl:call-template name="field-attrs"><xsl:with-param name="field" select="'person'"/></xsl:call-template>
				<xsl:call-template name="admin-option">
					<xsl:with-param name="value" select="''"/>
					<xsl:with-param name="label" select="vv:t('admin.audit.everyone')"/>
					<xsl:with-param name="current" select="string($flt/@person)"/>
				</xsl:call-template>
				<xsl:for-each select="/page/people/person">
					<xsl:call-template name="admin-option">
						<xsl:with-param name="value" select="string(@uuid)"/>
						<xsl:with-param name="label" select="concat(@name, ' (', @email, ')')"/>
						<xsl:with-param name="current" select="string($flt/@person)"/>
					</xsl:call-template>
				</xsl:for-each>
			</select>
		</div>
		<div class="field">
			<label for="from"><xsl:value-of select="vv:t('admin.range.from')"/></label>
			<xsl:call-template name="field-error"><xsl:with-param name="field" select="'from'"/></xsl:call-template>
			<input type="date" value="{$flt/@from}">
				<xsl:call-template name="field-attrs"><xsl:with-param name="field" select="'from'"/></xsl:call-template>
			</input>
		</div>
		<div class="field">
			<label for="to"><xsl:value-of select="vv:t('admin.range.to')"/></label>
			<xsl:call-template name="field-error"><xsl:with-param name="field" select="'to'"/></xsl:call-template>
			<input type="date" value="{$flt/@to}">
				<xsl:call-template name="field-attrs"><xsl:with-param name="field" select="'to'"/></xsl:call-template>
			</input>
		</div>
		<xsl:call-template name="field-error"><xsl:with-param name="field" select="'page'"/></xsl:call-template>
		<button type="submit"><xsl:value-of select="vv:t('admin.audit.show')"/></button>
		<xsl:text> </xsl:text>
		<!-- the same filter, every row, as a download -->
		<button type="submit" formaction="{$base}/admin/audit/csv" id="audit-csv" class="button-secondary"><xsl:value-of select="vv:t('admin.audit.csv')"/></button>
	</form>
	<xsl:choose>
		<xsl:when test="not($log)"/>
		<xsl:when test="not($log/entry)">
			<p id="audit-none"><xsl:value-of select="vv:t('admin.audit.none')"/></p>
		</xsl:when>
		<xsl:otherwise>
			<div class="table-scroll">
			<table class="table" id="audit-log">
				<thead>
					<tr>
						<th scope="col"><xsl:value-of select="vv:t('admin.audit.at')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('admin.audit.who')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('admin.audit.action')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('admin.audit.about-person')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('admin.audit.detail')"/></th>
					</tr>
				</thead>
				<tbody>
					<xsl:for-each select="$log/entry">
						<tr>
							<td><xsl:value-of select="@at"/></td>
							<td>
								<xsl:choose>
									<xsl:when test="@who"><xsl:value-of select="@who"/></xsl:when>
									<xsl:otherwise><xsl:value-of select="vv:t('admin.audit.system')"/></xsl:otherwise>
								</xsl:choose>
							</td>
							<td><code><xsl:value-of select="@action"/></code></td>
							<td><xsl:value-of select="@about"/></td>
							<td class="mono"><xsl:value-of select="@detail"/></td>
						</tr>
					</xsl:for-each>
				</tbody>
			</table>
			</div>
			<nav aria-label="{vv:t('admin.audit.pages')}">
				<p>
					<xsl:variable name="q" select="concat('action=', $flt/@action, '&amp;person=', $flt/@person, '&amp;from=', $flt/@from, '&amp;to=', $flt/@to)"/>
					<xsl:if test="$log/@page &gt; 1">
						<a id="audit-newer" href="{$base}/admin/audit?{$q}&amp;page={$log/@page - 1}"><xsl:value-of select="vv:t('admin.audit.newer')"/></a>
						<xsl:text> </xsl:text>
					</xsl:if>
					<xsl:value-of select="vv:t('admin.audit.page', string($log/@page))"/>
					<xsl:if test="$log/@more = '1'">
						<xsl:text> </xsl:text>
						<a id="audit-older" href="{$base}/admin/audit?{$q}&amp;page={$log/@page + 1}"><xsl:value-of select="vv:t('admin.audit.older')"/></a>
					</xsl:if>
				</p>
			</nav>
		</xsl:otherwise>
	</xsl:choose>
</xsl:template>

</xsl:stylesheet>
