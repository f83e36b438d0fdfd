<?xml version="1.0" encoding="UTF-8"?>
<!-- Who sees what (<choose kind="type|shared|customer" uuid name owner>
     with <option field value label detail checked/>): the customers who
     see an event type or a shared group, or the types and shared groups
     one customer sees. Saving replaces the set. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>
<xsl:include href="types-fields.xsl"/>

<xsl:variable name="c" select="/page/choose"/>
<xsl:variable name="action">
	<xsl:choose>
		<xsl:when test="$c/@kind = 'type'"><xsl:value-of select="concat($base, '/admin/types/', $c/@uuid, '/customers')"/></xsl:when>
		<xsl:when test="$c/@kind = 'shared'"><xsl:value-of select="concat($base, '/admin/shared/', $c/@uuid, '/customers')"/></xsl:when>
		<xsl:otherwise><xsl:value-of select="concat($base, '/admin/customers/', $c/@uuid, '/types')"/></xsl:otherwise>
	</xsl:choose>
</xsl:variable>

<xsl:template match="page" mode="title">
	<xsl:choose>
		<xsl:when test="$c/@kind = 'type'"><xsl:value-of select="vv:t('types.choose.type', $c/@name)"/></xsl:when>
		<xsl:when test="$c/@kind = 'shared'"><xsl:value-of select="vv:t('types.choose.shared', $c/@name)"/></xsl:when>
		<xsl:otherwise><xsl:value-of select="vv:t('types.choose.customer', $c/@name)"/></xsl:otherwise>
	</xsl:choose>
</xsl:template>

<xsl:template match="page" mode="main">
	<xsl:call-template name="types-crumbs"/>
	<h1><xsl:apply-templates select="." mode="title"/></h1>
	<xsl:if test="$c/@kind = 'shared'">
		<p><xsl:value-of select="vv:t('types.choose.owner', $c/@owner)"/></p>
	</xsl:if>
	<p class="hint"><xsl:value-of select="vv:t('types.choose.hint')"/></p>
	<form method="post" action="{$action}">
		<xsl:call-template name="csrf"/>
		<xsl:choose>
			<xsl:when test="$c/@kind = 'customer'">
				<xsl:call-template name="boxes">
					<xsl:with-param name="id" select="'types'"/>
					<xsl:with-param name="legend" select="vv:t('types.choose.own-types')"/>
					<xsl:with-param name="col" select="vv:t('types.col.type')"/>
					<xsl:with-param name="detail" select="''"/>
					<xsl:with-param name="empty" select="vv:t('types.empty')"/>
					<xsl:with-param name="opts" select="$c/option[@field = 'type']"/>
				</xsl:call-template>
				<xsl:call-template name="boxes">
					<xsl:with-param name="id" select="'groups'"/>
					<xsl:with-param name="legend" select="vv:t('types.shared.title')"/>
					<xsl:with-param name="col" select="vv:t('types.col.group')"/>
					<xsl:with-param name="detail" select="vv:t('types.col.owner')"/>
					<xsl:with-param name="empty" select="vv:t('types.shared.empty')"/>
					<xsl:with-param name="opts" select="$c/option[@field = 'group']"/>
				</xsl:call-template>
			</xsl:when>
			<xsl:otherwise>
				<xsl:call-template name="boxes">
					<xsl:with-param name="id" select="'customers'"/>
					<xsl:with-param name="legend" select="vv:t('types.choose.customers')"/>
					<xsl:with-param name="col" select="vv:t('types.col.customer')"/>
					<xsl:with-param name="detail" select="vv:t('types.col.email')"/>
					<xsl:with-param name="empty" select="vv:t('types.choose.no-customers')"/>
					<xsl:with-param name="opts" select="$c/option[@field = 'customer']"/>
					<xsl:with-param name="links" select="true()"/>
				</xsl:call-template>
			</xsl:otherwise>
		</xsl:choose>
		<button type="submit"><xsl:value-of select="vv:t('form.submit')"/></button>
	</form>
	<xsl:call-template name="types-back"/>
</xsl:template>

<!-- One group of checkboxes as a table: the box, its label, a detail
     column; for customers a link to what that customer sees. -->
<xsl:template name="boxes">
	<xsl:param name="id"/>
	<xsl:param name="legend"/>
	<xsl:param name="col"/>
	<xsl:param name="detail"/>
	<xsl:param name="empty"/>
	<xsl:param name="opts"/>
	<xsl:param name="links" select="false()"/>
	<fieldset id="{$id}" tabindex="-1">
		<legend><xsl:value-of select="$legend"/></legend>
		<xsl:call-template name="field-error">
			<xsl:with-param name="field" select="$id"/>
		</xsl:call-template>
		<xsl:choose>
			<xsl:when test="not($opts)">
				<p><xsl:value-of select="$empty"/></p>
			</xsl:when>
			<xsl:otherwise>
				<table>
					<caption class="visually-hidden"><xsl:value-of select="$legend"/></caption>
					<thead>
						<tr>
							<th scope="col"><xsl:value-of select="vv:t('types.col.sees')"/></th>
							<th scope="col"><xsl:value-of select="$col"/></th>
							<xsl:if test="$detail != ''">
								<th scope="col"><xsl:value-of select="$detail"/></th>
							</xsl:if>
							<xsl:if test="$links">
								<th scope="col"><xsl:value-of select="vv:t('types.col.actions')"/></th>
							</xsl:if>
						</tr>
					</thead>
					<tbody>
						<xsl:for-each select="$opts">
							<tr>
								<td>
									<input type="checkbox" id="{@field}-{@value}" name="{@field}" value="{@value}">
										<xsl:if test="@checked = '1'">
											<xsl:attribute name="checked">checked</xsl:attribute>
										</xsl:if>
									</input>
								</td>
								<th scope="row"><label for="{@field}-{@value}"><xsl:value-of select="@label"/></label></th>
								<xsl:if test="$detail != ''">
									<td><xsl:value-of select="@detail"/></td>
								</xsl:if>
								<xsl:if test="$links">
									<td>
										<a href="{$base}/admin/customers/{@value}/types"><xsl:value-of select="vv:t('types.customer-types')"/><span class="visually-hidden"><xsl:value-of select="concat(': ', @label)"/></span></a>
									</td>
								</xsl:if>
							</tr>
						</xsl:for-each>
					</tbody>
				</table>
			</xsl:otherwise>
		</xsl:choose>
	</fieldset>
</xsl:template>

</xsl:stylesheet>
