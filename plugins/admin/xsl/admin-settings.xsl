<?xml version="1.0" encoding="UTF-8"?>
<!-- Asetukset (R-PO-2): the tenant's policies, and the contract they must
     stay within (R-PO-1), read-only. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>
<xsl:include href="admin-fields.xsl"/>

<xsl:variable name="s" select="/page/settings"/>
<xsl:variable name="c" select="/page/contract"/>
<xsl:variable name="zones" select="/page/zones/zone"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="vv:t('nav.settings')"/>
</xsl:template>

<xsl:template match="page" mode="main">
	<xsl:call-template name="admin-crumbs">
		<xsl:with-param name="users" select="false()"/>
	</xsl:call-template>
	<h1><xsl:value-of select="vv:t('nav.settings')"/></h1>
	<form method="post" action="{$base}/admin/settings" novalidate="novalidate">
		<xsl:call-template name="csrf"/>
		<div class="field">
			<label for="hangup"><xsl:value-of select="vv:t('admin.set.hangup')"/></label>
			<xsl:call-template name="field-error">
				<xsl:with-param name="field" select="'hangup'"/>
			</xsl:call-template>
			<select>
				<xsl:call-template name="field-attrs">
					<xsl:with-param name="field" select="'hangup'"/>
				</xsl:call-template>
				<xsl:call-template name="admin-option">
					<xsl:with-param name="value" select="'1'"/>
					<xsl:with-param name="label" select="vv:t('admin.set.hangup-1')"/>
					<xsl:with-param name="current" select="string($s/@hangup)"/>
				</xsl:call-template>
				<xsl:call-template name="admin-option">
					<xsl:with-param name="value" select="'2'"/>
					<xsl:with-param name="label" select="vv:t('admin.set.hangup-2')"/>
					<xsl:with-param name="current" select="string($s/@hangup)"/>
				</xsl:call-template>
			</select>
		</div>
		<div class="field">
			<label for="end_policy"><xsl:value-of select="vv:t('admin.set.end')"/></label>
			<xsl:call-template name="field-error">
				<xsl:with-param name="field" select="'end_policy'"/>
			</xsl:call-template>
			<select>
				<xsl:call-template name="field-attrs">
					<xsl:with-param name="field" select="'end_policy'"/>
				</xsl:call-template>
				<xsl:call-template name="admin-option">
					<xsl:with-param name="value" select="'creator'"/>
					<xsl:with-param name="label" select="vv:t('admin.set.end-creator')"/>
					<xsl:with-param name="current" select="string($s/@end-policy)"/>
				</xsl:call-template>
				<xsl:call-template name="admin-option">
					<xsl:with-param name="value" select="'staff'"/>
					<xsl:with-param name="label" select="vv:t('admin.set.end-staff')"/>
					<xsl:with-param name="current" select="string($s/@end-policy)"/>
				</xsl:call-template>
				<xsl:call-template name="admin-option">
					<xsl:with-param name="value" select="'creator_admin'"/>
					<xsl:with-param name="label" select="vv:t('admin.set.end-creator-admin')"/>
					<xsl:with-param name="current" select="string($s/@end-policy)"/>
				</xsl:call-template>
			</select>
		</div>
		<xsl:call-template name="admin-text-field">
			<xsl:with-param name="field" select="'capacity'"/>
			<xsl:with-param name="label" select="vv:t('admin.set.capacity')"/>
			<xsl:with-param name="value" select="$s/@capacity"/>
			<xsl:with-param name="type" select="'number'"/>
			<xsl:with-param name="hint" select="vv:t('admin.set.capacity-hint', string($c/@max-participants))"/>
		</xsl:call-template>
		<xsl:call-template name="admin-text-field">
			<xsl:with-param name="field" select="'warning'"/>
			<xsl:with-param name="label" select="vv:t('admin.set.warning')"/>
			<xsl:with-param name="value" select="$s/@warning"/>
			<xsl:with-param name="type" select="'number'"/>
			<xsl:with-param name="hint" select="vv:t('admin.set.warning-hint')"/>
		</xsl:call-template>
		<div class="field">
			<label for="timezone"><xsl:value-of select="vv:t('admin.set.timezone')"/></label>
			<p class="hint" id="timezone-hint"><xsl:value-of select="vv:t('admin.set.timezone-hint')"/></p>
			<xsl:call-template name="field-error">
				<xsl:with-param name="field" select="'timezone'"/>
			</xsl:call-template>
			<select>
				<xsl:call-template name="field-attrs">
					<xsl:with-param name="field" select="'timezone'"/>
				</xsl:call-template>
				<xsl:attribute name="aria-describedby">
					<xsl:text>timezone-hint</xsl:text>
					<xsl:if test="/page/errors/error[@field = 'timezone']"> timezone-error</xsl:if>
				</xsl:attribute>
				<!-- The value shown is kept even when the list lacks it: the
				     tenant's zone from before, or what was sent and refused. -->
				<xsl:if test="not($zones[@name = $s/@timezone])">
					<option value="{$s/@timezone}" selected="selected">
						<xsl:value-of select="translate($s/@timezone, '_', ' ')"/>
					</option>
				</xsl:if>
				<xsl:for-each select="$zones">
					<xsl:call-template name="admin-option">
						<xsl:with-param name="value" select="string(@name)"/>
						<xsl:with-param name="label" select="translate(@name, '_', ' ')"/>
						<xsl:with-param name="current" select="string($s/@timezone)"/>
					</xsl:call-template>
				</xsl:for-each>
			</select>
		</div>
		<div class="field">
			<label for="language"><xsl:value-of select="vv:t('admin.set.language')"/></label>
			<xsl:call-template name="field-error">
				<xsl:with-param name="field" select="'language'"/>
			</xsl:call-template>
			<select>
				<xsl:call-template name="field-attrs">
					<xsl:with-param name="field" select="'language'"/>
				</xsl:call-template>
				<xsl:call-template name="admin-language-options">
					<xsl:with-param name="current" select="string($s/@language)"/>
				</xsl:call-template>
			</select>
		</div>
		<xsl:call-template name="admin-text-field">
			<xsl:with-param name="field" select="'link_days'"/>
			<xsl:with-param name="label" select="vv:t('admin.set.link-days')"/>
			<xsl:with-param name="value" select="$s/@link-days"/>
			<xsl:with-param name="type" select="'number'"/>
			<xsl:with-param name="hint" select="vv:t('admin.set.link-days-hint', string($s/@link-days-max))"/>
		</xsl:call-template>
		<div class="field">
			<label for="reminder"><xsl:value-of select="vv:t('admin.set.reminder')"/></label>
			<p class="hint" id="reminder-hint"><xsl:value-of select="vv:t('admin.set.reminder-hint')"/></p>
			<xsl:call-template name="field-error">
				<xsl:with-param name="field" select="'reminder'"/>
			</xsl:call-template>
			<select>
				<xsl:call-template name="field-attrs">
					<xsl:with-param name="field" select="'reminder'"/>
				</xsl:call-template>
				<xsl:call-template name="admin-option">
					<xsl:with-param name="value" select="'0'"/>
					<xsl:with-param name="label" select="vv:t('admin.set.reminder-0')"/>
					<xsl:with-param name="current" select="string($s/@reminder)"/>
				</xsl:call-template>
				<xsl:call-template name="admin-option">
					<xsl:with-param name="value" select="'15'"/>
					<xsl:with-param name="label" select="vv:t('admin.set.reminder-15')"/>
					<xsl:with-param name="current" select="string($s/@reminder)"/>
				</xsl:call-template>
				<xsl:call-template name="admin-option">
					<xsl:with-param name="value" select="'60'"/>
					<xsl:with-param name="label" select="vv:t('admin.set.reminder-60')"/>
					<xsl:with-param name="current" select="string($s/@reminder)"/>
				</xsl:call-template>
				<xsl:call-template name="admin-option">
					<xsl:with-param name="value" select="'1440'"/>
					<xsl:with-param name="label" select="vv:t('admin.set.reminder-1440')"/>
					<xsl:with-param name="current" select="string($s/@reminder)"/>
				</xsl:call-template>
			</select>
		</div>
		<xsl:call-template name="admin-text-field">
			<xsl:with-param name="field" select="'room_open'"/>
			<xsl:with-param name="label" select="vv:t('admin.set.room-open')"/>
			<xsl:with-param name="value" select="$s/@room-open"/>
			<xsl:with-param name="type" select="'number'"/>
			<xsl:with-param name="hint" select="vv:t('admin.set.room-open-hint')"/>
		</xsl:call-template>
		<button type="submit"><xsl:value-of select="vv:t('form.submit')"/></button>
	</form>

	<h2 id="contract"><xsl:value-of select="vv:t('admin.contract.title')"/></h2>
	<p class="hint"><xsl:value-of select="vv:t('admin.contract.about')"/></p>
	<table aria-labelledby="contract">
		<tbody>
			<tr>
				<th scope="row"><xsl:value-of select="vv:t('admin.contract.max')"/></th>
				<td><xsl:value-of select="$c/@max-participants"/></td>
			</tr>
			<tr>
				<th scope="row"><xsl:value-of select="vv:t('admin.contract.recording')"/></th>
				<td><xsl:call-template name="yes-no"><xsl:with-param name="v" select="$c/@recording"/></xsl:call-template></td>
			</tr>
			<tr>
				<th scope="row"><xsl:value-of select="vv:t('admin.contract.sharing')"/></th>
				<td><xsl:call-template name="yes-no"><xsl:with-param name="v" select="$c/@sharing"/></xsl:call-template></td>
			</tr>
			<tr>
				<th scope="row"><xsl:value-of select="vv:t('admin.contract.minutes')"/></th>
				<td><xsl:value-of select="vv:t('admin.contract.minutes-value', string($c/@max-minutes))"/></td>
			</tr>
			<tr>
				<th scope="row"><xsl:value-of select="vv:t('admin.contract.concurrent')"/></th>
				<td><xsl:value-of select="$c/@max-concurrent"/></td>
			</tr>
		</tbody>
	</table>

	<xsl:if test="/page/about">
		<h2 id="about"><xsl:value-of select="vv:t('admin.about.title')"/></h2>
		<table aria-labelledby="about">
			<tbody>
				<tr>
					<th scope="row"><xsl:value-of select="vv:t('admin.about.version')"/></th>
					<td id="vvhome-version"><xsl:value-of select="/page/about/@version"/></td>
				</tr>
				<tr>
					<th scope="row"><xsl:value-of select="vv:t('admin.about.schema')"/></th>
					<td id="schema-versions">
						<xsl:for-each select="/page/about/schema">
							<xsl:if test="position() &gt; 1">, </xsl:if>
							<xsl:value-of select="concat(@component, ' ', @version)"/>
						</xsl:for-each>
					</td>
				</tr>
			</tbody>
		</table>
	</xsl:if>
</xsl:template>

<xsl:template name="yes-no">
	<xsl:param name="v"/>
	<xsl:choose>
		<xsl:when test="$v = '1'"><xsl:value-of select="vv:t('form.yes')"/></xsl:when>
		<xsl:otherwise><xsl:value-of select="vv:t('form.no')"/></xsl:otherwise>
	</xsl:choose>
</xsl:template>

</xsl:stylesheet>
