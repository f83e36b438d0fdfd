<?xml version="1.0" encoding="UTF-8"?>
<!-- One event type or external group (<edit kind="type|group"
     mode="edit|delete" uuid name value/>): the rename form (for a group
     also the tenants it is shared with), or the question before deleting. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>
<xsl:include href="types-fields.xsl"/>

<xsl:variable name="e" select="/page/edit"/>
<xsl:variable name="group" select="$e/@kind = 'group'"/>
<xsl:variable name="action">
	<xsl:choose>
		<xsl:when test="$group"><xsl:value-of select="concat($base, '/admin/groups/', $e/@uuid)"/></xsl:when>
		<xsl:otherwise><xsl:value-of select="concat($base, '/admin/types/', $e/@uuid)"/></xsl:otherwise>
	</xsl:choose>
</xsl:variable>

<xsl:template match="page" mode="title">
	<xsl:choose>
		<xsl:when test="$e/@mode = 'delete' and $group"><xsl:value-of select="vv:t('types.group-delete.question', $e/@name)"/></xsl:when>
		<xsl:when test="$e/@mode = 'delete'"><xsl:value-of select="vv:t('types.delete.question', $e/@name)"/></xsl:when>
		<xsl:when test="$group"><xsl:value-of select="vv:t('types.group.title')"/></xsl:when>
		<xsl:otherwise><xsl:value-of select="vv:t('types.edit.title')"/></xsl:otherwise>
	</xsl:choose>
</xsl:template>

<xsl:template match="page" mode="main">
	<xsl:call-template name="types-crumbs"/>
	<h1><xsl:apply-templates select="." mode="title"/></h1>
	<xsl:choose>
		<xsl:when test="$e/@mode = 'delete'"><xsl:call-template name="confirm"/></xsl:when>
		<xsl:otherwise><xsl:call-template name="edit-form"/></xsl:otherwise>
	</xsl:choose>
	<xsl:call-template name="types-back"/>
</xsl:template>

<xsl:template name="edit-form">
	<p class="hint">
		<xsl:value-of select="concat(vv:t('types.current-name'), ': ')"/>
		<strong><xsl:value-of select="$e/@name"/></strong>
	</p>
	<form method="post" action="{$action}" novalidate="novalidate">
		<xsl:call-template name="csrf"/>
		<xsl:call-template name="types-name-field">
			<xsl:with-param name="field" select="'name'"/>
			<xsl:with-param name="label">
				<xsl:choose>
					<xsl:when test="$group"><xsl:value-of select="vv:t('types.group-name')"/></xsl:when>
					<xsl:otherwise><xsl:value-of select="vv:t('types.name')"/></xsl:otherwise>
				</xsl:choose>
			</xsl:with-param>
			<xsl:with-param name="value" select="$e/@value"/>
		</xsl:call-template>
		<xsl:if test="$group">
			<xsl:call-template name="shares"/>
		</xsl:if>
		<button type="submit"><xsl:value-of select="vv:t('form.submit')"/></button>
	</form>
	<xsl:if test="not($group)">
		<ul class="link-list">
			<li><a href="{$action}/customers"><xsl:value-of select="vv:t('types.customers')"/></a></li>
			<li><a href="{$action}/delete"><xsl:value-of select="vv:t('types.delete.yes')"/></a></li>
		</ul>
	</xsl:if>
	<xsl:if test="$group">
		<ul class="link-list">
			<li><a href="{$action}/delete"><xsl:value-of select="vv:t('types.group-delete.yes')"/></a></li>
		</ul>
	</xsl:if>
</xsl:template>

<!-- The organiser's partners (set by the hosting provider) as checkboxes:
     the group is shared with the ticked ones. -->
<xsl:template name="shares">
	<fieldset id="tenants" tabindex="-1">
		<legend><xsl:value-of select="vv:t('types.group.shares')"/></legend>
		<p class="hint"><xsl:value-of select="vv:t('types.group.shares-hint')"/></p>
		<xsl:call-template name="field-error">
			<xsl:with-param name="field" select="'tenants'"/>
		</xsl:call-template>
		<xsl:choose>
			<xsl:when test="not($e/tenant)">
				<p><xsl:value-of select="vv:t('types.group.no-tenants')"/></p>
			</xsl:when>
			<xsl:otherwise>
				<table>
					<caption class="visually-hidden"><xsl:value-of select="vv:t('types.group.shares')"/></caption>
					<thead>
						<tr>
							<th scope="col"><xsl:value-of select="vv:t('types.col.shared')"/></th>
							<th scope="col"><xsl:value-of select="vv:t('types.col.tenant')"/></th>
						</tr>
					</thead>
					<tbody>
						<xsl:for-each select="$e/tenant">
							<tr>
								<td>
									<input type="checkbox" id="t-{@uuid}" name="tenant" value="{@uuid}">
										<xsl:if test="@checked = '1'">
											<xsl:attribute name="checked">checked</xsl:attribute>
										</xsl:if>
									</input>
								</td>
								<th scope="row"><label for="t-{@uuid}"><xsl:value-of select="@name"/></label></th>
							</tr>
						</xsl:for-each>
					</tbody>
				</table>
			</xsl:otherwise>
		</xsl:choose>
	</fieldset>
</xsl:template>

<!-- "Poistetaanko tapahtumatyyppi X?": the question is the heading; one
     button deletes, the link goes back without deleting. -->
<xsl:template name="confirm">
	<p>
		<xsl:choose>
			<xsl:when test="$group"><xsl:value-of select="vv:t('types.group-delete.hint')"/></xsl:when>
			<xsl:otherwise><xsl:value-of select="vv:t('types.delete.hint')"/></xsl:otherwise>
		</xsl:choose>
	</p>
	<form method="post" action="{$action}/delete">
		<xsl:call-template name="csrf"/>
		<xsl:call-template name="field-error">
			<xsl:with-param name="field" select="'delete'"/>
		</xsl:call-template>
		<button type="submit" id="delete" class="button-danger">
			<xsl:choose>
				<xsl:when test="$group"><xsl:value-of select="vv:t('types.group-delete.yes')"/></xsl:when>
				<xsl:otherwise><xsl:value-of select="vv:t('types.delete.yes')"/></xsl:otherwise>
			</xsl:choose>
		</button>
		<xsl:text> </xsl:text>
		<a class="button button-secondary" href="{$base}/admin/types"><xsl:value-of select="vv:t('form.cancel')"/></a>
	</form>
</xsl:template>

</xsl:stylesheet>
