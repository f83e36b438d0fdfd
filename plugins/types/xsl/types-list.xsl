<?xml version="1.0" encoding="UTF-8"?>
<!-- Tapahtumatyypit (/admin/types): the tenant's own event types with the
     create form (Tapahtumatyypin luonti); the external groups organisers
     share with this tenant; and, for an organiser, its own external groups
     with their create form. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>
<xsl:include href="types-fields.xsl"/>

<xsl:variable name="p" select="/page/types-page"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="vv:t('types.title')"/>
</xsl:template>

<xsl:template match="page" mode="main">
	<p class="hint"><xsl:value-of select="vv:t('nav.company')"/></p>
	<h1><xsl:value-of select="vv:t('types.title')"/></h1>
	<p class="lead"><xsl:value-of select="vv:t('types.intro')"/></p>
	<xsl:call-template name="own-types"/>
	<xsl:call-template name="create-type"/>
	<xsl:call-template name="shared-groups"/>
	<xsl:if test="$p/@organiser = '1'">
		<xsl:call-template name="own-groups"/>
	</xsl:if>
</xsl:template>

<xsl:template name="own-types">
	<xsl:choose>
		<xsl:when test="not($p/type)">
			<p><xsl:value-of select="vv:t('types.empty')"/></p>
		</xsl:when>
		<xsl:otherwise>
			<table>
				<caption class="visually-hidden"><xsl:value-of select="vv:t('types.title')"/></caption>
				<thead>
					<tr>
						<th scope="col"><xsl:value-of select="vv:t('types.col.type')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('types.col.customers')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('types.col.actions')"/></th>
					</tr>
				</thead>
				<tbody>
					<xsl:for-each select="$p/type">
						<tr>
							<th scope="row"><xsl:value-of select="@name"/></th>
							<td><xsl:value-of select="@customers"/></td>
							<td>
								<ul class="link-list">
									<li><a href="{$base}/admin/types/{@uuid}/customers"><xsl:value-of select="vv:t('types.customers')"/><span class="visually-hidden"><xsl:value-of select="concat(': ', @name)"/></span></a></li>
									<li><a href="{$base}/admin/types/{@uuid}"><xsl:value-of select="vv:t('types.rename')"/><span class="visually-hidden"><xsl:value-of select="concat(': ', @name)"/></span></a></li>
									<li><a href="{$base}/admin/types/{@uuid}/delete"><xsl:value-of select="vv:t('form.delete')"/><span class="visually-hidden"><xsl:value-of select="concat(': ', @name)"/></span></a></li>
								</ul>
							</td>
						</tr>
					</xsl:for-each>
				</tbody>
			</table>
		</xsl:otherwise>
	</xsl:choose>
</xsl:template>

<xsl:template name="create-type">
	<h2 id="create-type"><xsl:value-of select="vv:t('types.create')"/></h2>
	<form method="post" action="{$base}/admin/types" novalidate="novalidate" aria-labelledby="create-type">
		<xsl:call-template name="csrf"/>
		<xsl:call-template name="types-name-field">
			<xsl:with-param name="field" select="'name'"/>
			<xsl:with-param name="label" select="vv:t('types.name')"/>
			<xsl:with-param name="value" select="$p/@type-name"/>
		</xsl:call-template>
		<button type="submit"><xsl:value-of select="vv:t('form.submit')"/></button>
	</form>
</xsl:template>

<!-- R-TY-4: groups organisers share with this tenant, beside its own types. -->
<xsl:template name="shared-groups">
	<h2><xsl:value-of select="vv:t('types.shared.title')"/></h2>
	<xsl:choose>
		<xsl:when test="not($p/shared)">
			<p><xsl:value-of select="vv:t('types.shared.empty')"/></p>
		</xsl:when>
		<xsl:otherwise>
			<p class="hint"><xsl:value-of select="vv:t('types.shared.about')"/></p>
			<table>
				<caption class="visually-hidden"><xsl:value-of select="vv:t('types.shared.title')"/></caption>
				<thead>
					<tr>
						<th scope="col"><xsl:value-of select="vv:t('types.col.group')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('types.col.owner')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('types.col.customers')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('types.col.actions')"/></th>
					</tr>
				</thead>
				<tbody>
					<xsl:for-each select="$p/shared">
						<tr>
							<th scope="row"><xsl:value-of select="@name"/></th>
							<td><xsl:value-of select="@owner"/></td>
							<td><xsl:value-of select="@customers"/></td>
							<td>
								<a href="{$base}/admin/shared/{@uuid}/customers"><xsl:value-of select="vv:t('types.choose-customers')"/><span class="visually-hidden"><xsl:value-of select="concat(': ', @name)"/></span></a>
							</td>
						</tr>
					</xsl:for-each>
				</tbody>
			</table>
		</xsl:otherwise>
	</xsl:choose>
</xsl:template>

<!-- R-TY-3: an organiser's own external groups. -->
<xsl:template name="own-groups">
	<h2><xsl:value-of select="vv:t('types.groups.title')"/></h2>
	<p class="hint"><xsl:value-of select="vv:t('types.groups.about')"/></p>
	<xsl:choose>
		<xsl:when test="not($p/group)">
			<p><xsl:value-of select="vv:t('types.groups.empty')"/></p>
		</xsl:when>
		<xsl:otherwise>
			<table>
				<caption class="visually-hidden"><xsl:value-of select="vv:t('types.groups.title')"/></caption>
				<thead>
					<tr>
						<th scope="col"><xsl:value-of select="vv:t('types.col.group')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('types.col.shares')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('types.col.actions')"/></th>
					</tr>
				</thead>
				<tbody>
					<xsl:for-each select="$p/group">
						<tr>
							<th scope="row"><xsl:value-of select="@name"/></th>
							<td>
								<xsl:choose>
									<xsl:when test="share">
										<ul>
											<xsl:for-each select="share">
												<li><xsl:value-of select="@name"/></li>
											</xsl:for-each>
										</ul>
									</xsl:when>
									<xsl:otherwise><xsl:value-of select="vv:t('types.groups.not-shared')"/></xsl:otherwise>
								</xsl:choose>
							</td>
							<td>
								<ul class="link-list">
									<li><a href="{$base}/admin/groups/{@uuid}"><xsl:value-of select="vv:t('types.group.manage')"/><span class="visually-hidden"><xsl:value-of select="concat(': ', @name)"/></span></a></li>
									<li><a href="{$base}/admin/groups/{@uuid}/delete"><xsl:value-of select="vv:t('form.delete')"/><span class="visually-hidden"><xsl:value-of select="concat(': ', @name)"/></span></a></li>
								</ul>
							</td>
						</tr>
					</xsl:for-each>
				</tbody>
			</table>
		</xsl:otherwise>
	</xsl:choose>
	<h3 id="create-group"><xsl:value-of select="vv:t('types.groups.create')"/></h3>
	<form method="post" action="{$base}/admin/groups" novalidate="novalidate" aria-labelledby="create-group">
		<xsl:call-template name="csrf"/>
		<xsl:call-template name="types-name-field">
			<xsl:with-param name="field" select="'group_name'"/>
			<xsl:with-param name="label" select="vv:t('types.group-name')"/>
			<xsl:with-param name="value" select="$p/@group-name"/>
		</xsl:call-template>
		<button type="submit"><xsl:value-of select="vv:t('form.submit')"/></button>
	</form>
</xsl:template>

</xsl:stylesheet>
