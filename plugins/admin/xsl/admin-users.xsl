<?xml version="1.0" encoding="UTF-8"?>
<!-- Työntekijät and Asiakkaat: the tenant's users as tables. Operators and
     professionals see the employee list only (for e-mail addresses);
     admins also get the add and edit links. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>
<xsl:include href="admin-fields.xsl"/>

<xsl:variable name="users" select="/page/users"/>
<xsl:variable name="customers" select="$users/@kind = 'customer'"/>
<xsl:variable name="can-edit" select="$users/@can-edit = '1'"/>

<xsl:template match="page" mode="title">
	<xsl:choose>
		<xsl:when test="$customers"><xsl:value-of select="vv:t('nav.customers')"/></xsl:when>
		<xsl:otherwise><xsl:value-of select="vv:t('nav.employees')"/></xsl:otherwise>
	</xsl:choose>
</xsl:template>

<xsl:template match="page" mode="main">
	<xsl:call-template name="admin-crumbs"/>
	<h1><xsl:apply-templates select="." mode="title"/></h1>
	<xsl:if test="$can-edit">
		<p>
			<xsl:choose>
				<xsl:when test="$customers">
					<a class="button" href="{$base}/admin/users/new/customer"><xsl:value-of select="vv:t('admin.add-customer')"/></a>
				</xsl:when>
				<xsl:otherwise>
					<a class="button" href="{$base}/admin/users/new/employee"><xsl:value-of select="vv:t('admin.add-employee')"/></a>
				</xsl:otherwise>
			</xsl:choose>
		</p>
	</xsl:if>
	<xsl:choose>
		<xsl:when test="not($users/user)">
			<p><xsl:value-of select="vv:t('admin.empty')"/></p>
		</xsl:when>
		<xsl:otherwise>
			<table>
				<caption class="visually-hidden"><xsl:apply-templates select="." mode="title"/></caption>
				<thead>
					<tr>
						<th scope="col"><xsl:value-of select="vv:t('admin.col.name')"/></th>
						<th scope="col"><xsl:value-of select="vv:t('admin.email')"/></th>
						<xsl:choose>
							<xsl:when test="$customers">
								<th scope="col"><xsl:value-of select="vv:t('admin.language')"/></th>
							</xsl:when>
							<xsl:otherwise>
								<th scope="col"><xsl:value-of select="vv:t('admin.role')"/></th>
							</xsl:otherwise>
						</xsl:choose>
						<th scope="col"><xsl:value-of select="vv:t('admin.col.status')"/></th>
						<xsl:if test="$customers">
							<th scope="col"><xsl:value-of select="vv:t('admin.link.title')"/></th>
						</xsl:if>
						<xsl:if test="$can-edit">
							<th scope="col"><xsl:value-of select="vv:t('admin.col.actions')"/></th>
						</xsl:if>
					</tr>
				</thead>
				<tbody>
					<xsl:apply-templates select="$users/user"/>
				</tbody>
			</table>
		</xsl:otherwise>
	</xsl:choose>
</xsl:template>

<xsl:template match="user">
	<xsl:variable name="name" select="concat(@first, ' ', @last)"/>
	<tr>
		<th scope="row"><xsl:value-of select="$name"/></th>
		<td><a href="mailto:{@email}"><xsl:value-of select="@email"/></a></td>
		<td>
			<xsl:choose>
				<xsl:when test="$customers">
					<xsl:call-template name="admin-language-word">
						<xsl:with-param name="code" select="@language"/>
					</xsl:call-template>
				</xsl:when>
				<xsl:otherwise>
					<xsl:call-template name="admin-role-word">
						<xsl:with-param name="role" select="@role"/>
					</xsl:call-template>
				</xsl:otherwise>
			</xsl:choose>
		</td>
		<td>
			<xsl:choose>
				<xsl:when test="@active = '1'"><xsl:value-of select="vv:t('admin.active')"/></xsl:when>
				<xsl:otherwise><xsl:value-of select="vv:t('admin.inactive')"/></xsl:otherwise>
			</xsl:choose>
		</td>
		<xsl:if test="$customers">
			<td>
				<xsl:choose>
					<xsl:when test="@link = '1'"><xsl:value-of select="vv:t('admin.link.issued')"/></xsl:when>
					<xsl:otherwise><xsl:value-of select="vv:t('admin.link.none')"/></xsl:otherwise>
				</xsl:choose>
			</td>
		</xsl:if>
		<xsl:if test="$can-edit">
			<td>
				<a href="{$base}/admin/users/{@uuid}">
					<xsl:value-of select="vv:t('admin.edit')"/>
					<span class="visually-hidden"><xsl:value-of select="concat(': ', $name)"/></span>
				</a>
			</td>
		</xsl:if>
	</tr>
</xsl:template>

</xsl:stylesheet>
