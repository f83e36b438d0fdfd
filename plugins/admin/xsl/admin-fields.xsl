<?xml version="1.0" encoding="UTF-8"?>
<!-- Form pieces the admin pages share (included by admin-user.xsl and
     admin-settings.xsl, which import layout.xsl for csrf, field-error and
     field-attrs). Each field: label tied to the input, an optional hint,
     the message for the field, then the input keeping the user's value. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:template name="admin-text-field">
	<xsl:param name="field"/>
	<xsl:param name="label"/>
	<xsl:param name="value"/>
	<xsl:param name="type" select="'text'"/>
	<xsl:param name="hint" select="''"/>
	<xsl:param name="autocomplete" select="'off'"/>
	<xsl:param name="extra-class" select="''"/>
	<div class="field">
		<label for="{$field}"><xsl:value-of select="$label"/></label>
		<xsl:if test="$hint != ''">
			<p class="hint" id="{$field}-hint"><xsl:value-of select="$hint"/></p>
		</xsl:if>
		<xsl:call-template name="field-error">
			<xsl:with-param name="field" select="$field"/>
		</xsl:call-template>
		<input type="{$type}" autocomplete="{$autocomplete}">
			<xsl:call-template name="field-attrs">
				<xsl:with-param name="field" select="$field"/>
			</xsl:call-template>
			<xsl:if test="$type != 'password'">
				<xsl:attribute name="value"><xsl:value-of select="$value"/></xsl:attribute>
			</xsl:if>
			<xsl:if test="$extra-class != ''">
				<xsl:attribute name="class"><xsl:value-of select="$extra-class"/></xsl:attribute>
			</xsl:if>
			<xsl:if test="$hint != ''">
				<xsl:attribute name="aria-describedby">
					<xsl:value-of select="concat($field, '-hint')"/>
					<xsl:if test="/page/errors/error[@field = $field]">
						<xsl:value-of select="concat(' ', $field, '-error')"/>
					</xsl:if>
				</xsl:attribute>
			</xsl:if>
		</input>
	</div>
</xsl:template>

<!-- <option> with the current value selected. -->
<xsl:template name="admin-option">
	<xsl:param name="value"/>
	<xsl:param name="label"/>
	<xsl:param name="current"/>
	<option value="{$value}">
		<xsl:if test="$value = $current">
			<xsl:attribute name="selected">selected</xsl:attribute>
		</xsl:if>
		<xsl:value-of select="$label"/>
	</option>
</xsl:template>

<!-- The three page languages as options (the device language of a
     customer, the tenant's default language). -->
<xsl:template name="admin-language-options">
	<xsl:param name="current"/>
	<xsl:call-template name="admin-option">
		<xsl:with-param name="value" select="'fi'"/>
		<xsl:with-param name="label" select="vv:t('lang.fi')"/>
		<xsl:with-param name="current" select="$current"/>
	</xsl:call-template>
	<xsl:call-template name="admin-option">
		<xsl:with-param name="value" select="'sv'"/>
		<xsl:with-param name="label" select="vv:t('lang.sv')"/>
		<xsl:with-param name="current" select="$current"/>
	</xsl:call-template>
	<xsl:call-template name="admin-option">
		<xsl:with-param name="value" select="'en'"/>
		<xsl:with-param name="label" select="vv:t('lang.en')"/>
		<xsl:with-param name="current" select="$current"/>
	</xsl:call-template>
</xsl:template>

<!-- Role in words. -->
<xsl:template name="admin-role-word">
	<xsl:param name="role"/>
	<xsl:choose>
		<xsl:when test="$role = 'admin'"><xsl:value-of select="vv:t('admin.role.admin')"/></xsl:when>
		<xsl:when test="$role = 'operator'"><xsl:value-of select="vv:t('admin.role.operator')"/></xsl:when>
		<xsl:when test="$role = 'professional'"><xsl:value-of select="vv:t('admin.role.professional')"/></xsl:when>
		<xsl:when test="$role = 'customer'"><xsl:value-of select="vv:t('admin.role.customer')"/></xsl:when>
	</xsl:choose>
</xsl:template>

<xsl:template name="admin-language-word">
	<xsl:param name="code"/>
	<xsl:choose>
		<xsl:when test="$code = 'fi'"><xsl:value-of select="vv:t('lang.fi')"/></xsl:when>
		<xsl:when test="$code = 'sv'"><xsl:value-of select="vv:t('lang.sv')"/></xsl:when>
		<xsl:when test="$code = 'en'"><xsl:value-of select="vv:t('lang.en')"/></xsl:when>
	</xsl:choose>
</xsl:template>

<!-- "Yrityksen ylläpito › Käyttäjät" above the page heading. -->
<xsl:template name="admin-crumbs">
	<xsl:param name="users" select="true()"/>
	<p class="hint">
		<xsl:value-of select="vv:t('nav.company')"/>
		<xsl:if test="$users">
			<xsl:value-of select="concat(' › ', vv:t('nav.users'))"/>
		</xsl:if>
	</p>
</xsl:template>

</xsl:stylesheet>
