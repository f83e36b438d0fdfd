<?xml version="1.0" encoding="UTF-8"?>
<!-- One user: the add form (/admin/users/new/employee|customer) and the
     edit page (/admin/users/{uuid}) with activation, for employees a new
     password and, for customers, the personal login link. The link itself appears only on the response
     that issued it (<login-link path/>), never again. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>
<xsl:include href="admin-fields.xsl"/>

<xsl:variable name="f" select="/page/user-form"/>
<xsl:variable name="new" select="$f/@mode = 'new'"/>
<xsl:variable name="customer" select="$f/@kind = 'customer'"/>
<xsl:variable name="list">
	<xsl:choose>
		<xsl:when test="$customer"><xsl:value-of select="concat($base, '/admin/users/customers')"/></xsl:when>
		<xsl:otherwise><xsl:value-of select="concat($base, '/admin/users/employees')"/></xsl:otherwise>
	</xsl:choose>
</xsl:variable>

<xsl:template match="page" mode="title">
	<xsl:choose>
		<xsl:when test="$new and $customer"><xsl:value-of select="vv:t('admin.add-customer')"/></xsl:when>
		<xsl:when test="$new"><xsl:value-of select="vv:t('admin.add-employee')"/></xsl:when>
		<xsl:when test="$customer"><xsl:value-of select="vv:t('admin.edit-customer')"/></xsl:when>
		<xsl:otherwise><xsl:value-of select="vv:t('admin.edit-employee')"/></xsl:otherwise>
	</xsl:choose>
</xsl:template>

<xsl:template match="page" mode="main">
	<xsl:call-template name="admin-crumbs"/>
	<h1><xsl:apply-templates select="." mode="title"/></h1>
	<xsl:apply-templates select="$f/login-link"/>
	<xsl:call-template name="user-form"/>
	<xsl:if test="not($new)">
		<xsl:if test="not($customer)">
			<xsl:call-template name="password-reset"/>
		</xsl:if>
		<xsl:call-template name="status"/>
		<xsl:if test="$customer">
			<xsl:call-template name="link-actions"/>
			<p><a class="button button-secondary" href="{$base}/admin/customers/{$f/@uuid}/types">
				<xsl:value-of select="vv:t('admin.customer-types')"/>
			</a></p>
			<xsl:if test="$f/@feed = '1'">
				<p><a class="button button-secondary" href="{$base}/admin/customers/{$f/@uuid}/calendar-feed">
					<xsl:value-of select="vv:t('admin.customer-feed')"/>
				</a></p>
			</xsl:if>
			<xsl:apply-templates select="$f/devices"/>
		</xsl:if>
		<h2><xsl:value-of select="vv:t('admin.privacy.title')"/></h2>
		<p class="hint"><xsl:value-of select="vv:t('admin.privacy.about')"/></p>
		<ul>
			<li><a id="export" href="{$base}/admin/users/{$f/@uuid}/export"><xsl:value-of select="vv:t('admin.privacy.export')"/></a></li>
			<li><a id="export-csv" href="{$base}/admin/users/{$f/@uuid}/export/csv"><xsl:value-of select="vv:t('admin.privacy.export-csv')"/></a></li>
			<li><a href="{$base}/admin/audit?person={$f/@uuid}"><xsl:value-of select="vv:t('admin.privacy.audit')"/></a></li>
			<xsl:if test="$customer">
				<li><a id="erase" href="{$base}/admin/users/{$f/@uuid}/erase"><xsl:value-of select="vv:t('admin.erase.title')"/></a></li>
			</xsl:if>
		</ul>
	</xsl:if>
	<p>
		<a href="{$list}">
			<xsl:choose>
				<xsl:when test="$customer"><xsl:value-of select="vv:t('admin.back-customers')"/></xsl:when>
				<xsl:otherwise><xsl:value-of select="vv:t('admin.back-employees')"/></xsl:otherwise>
			</xsl:choose>
		</a>
	</p>
</xsl:template>

<xsl:template name="user-form">
	<xsl:variable name="action">
		<xsl:choose>
			<xsl:when test="$new"><xsl:value-of select="concat($base, '/admin/users/new/', $f/@kind)"/></xsl:when>
			<xsl:otherwise><xsl:value-of select="concat($base, '/admin/users/', $f/@uuid)"/></xsl:otherwise>
		</xsl:choose>
	</xsl:variable>
	<form method="post" action="{$action}" novalidate="novalidate">
		<xsl:call-template name="csrf"/>
		<xsl:call-template name="admin-text-field">
			<xsl:with-param name="field" select="'first'"/>
			<xsl:with-param name="label" select="vv:t('admin.first')"/>
			<xsl:with-param name="value" select="$f/@first"/>
			<xsl:with-param name="autocomplete" select="'off'"/>
		</xsl:call-template>
		<xsl:call-template name="admin-text-field">
			<xsl:with-param name="field" select="'last'"/>
			<xsl:with-param name="label" select="vv:t('admin.last')"/>
			<xsl:with-param name="value" select="$f/@last"/>
		</xsl:call-template>
		<xsl:call-template name="admin-text-field">
			<xsl:with-param name="field" select="'email'"/>
			<xsl:with-param name="label" select="vv:t('admin.email')"/>
			<xsl:with-param name="value" select="$f/@email"/>
			<xsl:with-param name="type" select="'email'"/>
		</xsl:call-template>
		<xsl:choose>
			<xsl:when test="$customer">
				<div class="field">
					<label for="language"><xsl:value-of select="vv:t('admin.language')"/></label>
					<p class="hint"><xsl:value-of select="vv:t('admin.language-hint')"/></p>
					<xsl:call-template name="field-error">
						<xsl:with-param name="field" select="'language'"/>
					</xsl:call-template>
					<select>
						<xsl:call-template name="field-attrs">
							<xsl:with-param name="field" select="'language'"/>
						</xsl:call-template>
						<xsl:call-template name="admin-language-options">
							<xsl:with-param name="current" select="$f/@language"/>
						</xsl:call-template>
					</select>
				</div>
			</xsl:when>
			<xsl:otherwise>
				<div class="field">
					<label for="role"><xsl:value-of select="vv:t('admin.role')"/></label>
					<xsl:call-template name="field-error">
						<xsl:with-param name="field" select="'role'"/>
					</xsl:call-template>
					<select>
						<xsl:call-template name="field-attrs">
							<xsl:with-param name="field" select="'role'"/>
						</xsl:call-template>
						<xsl:if test="$new">
							<xsl:call-template name="admin-option">
								<xsl:with-param name="value" select="''"/>
								<xsl:with-param name="label" select="vv:t('admin.choose')"/>
								<xsl:with-param name="current" select="string($f/@role)"/>
							</xsl:call-template>
						</xsl:if>
						<xsl:call-template name="admin-option">
							<xsl:with-param name="value" select="'admin'"/>
							<xsl:with-param name="label" select="vv:t('admin.role.admin')"/>
							<xsl:with-param name="current" select="string($f/@role)"/>
						</xsl:call-template>
						<xsl:call-template name="admin-option">
							<xsl:with-param name="value" select="'operator'"/>
							<xsl:with-param name="label" select="vv:t('admin.role.operator')"/>
							<xsl:with-param name="current" select="string($f/@role)"/>
						</xsl:call-template>
						<xsl:call-template name="admin-option">
							<xsl:with-param name="value" select="'professional'"/>
							<xsl:with-param name="label" select="vv:t('admin.role.professional')"/>
							<xsl:with-param name="current" select="string($f/@role)"/>
						</xsl:call-template>
					</select>
				</div>
				<xsl:if test="$new">
					<xsl:call-template name="admin-text-field">
						<xsl:with-param name="field" select="'password'"/>
						<xsl:with-param name="label" select="vv:t('admin.password')"/>
						<xsl:with-param name="type" select="'password'"/>
						<xsl:with-param name="hint" select="vv:t('admin.password-hint')"/>
						<xsl:with-param name="autocomplete" select="'new-password'"/>
					</xsl:call-template>
				</xsl:if>
			</xsl:otherwise>
		</xsl:choose>
		<button type="submit"><xsl:value-of select="vv:t('form.submit')"/></button>
	</form>
</xsl:template>

<xsl:template name="status">
	<h2><xsl:value-of select="vv:t('admin.col.status')"/></h2>
	<xsl:choose>
		<xsl:when test="$f/@active = '1'">
			<p><xsl:value-of select="vv:t('admin.status-active')"/></p>
			<form method="post" action="{$base}/admin/users/{$f/@uuid}/deactivate">
				<xsl:call-template name="csrf"/>
				<xsl:call-template name="field-error">
					<xsl:with-param name="field" select="'deactivate'"/>
				</xsl:call-template>
				<p class="hint"><xsl:value-of select="vv:t('admin.deactivate-hint')"/></p>
				<button type="submit" id="deactivate" class="button-danger"><xsl:value-of select="vv:t('admin.deactivate')"/></button>
			</form>
		</xsl:when>
		<xsl:otherwise>
			<p><xsl:value-of select="vv:t('admin.status-inactive')"/></p>
			<form method="post" action="{$base}/admin/users/{$f/@uuid}/activate">
				<xsl:call-template name="csrf"/>
				<button type="submit" id="activate"><xsl:value-of select="vv:t('admin.activate')"/></button>
			</form>
		</xsl:otherwise>
	</xsl:choose>
</xsl:template>

<!-- Aseta uusi salasana. The admin's own password needs the current one:
     their page gets a link to Vaihda salasana instead. -->
<xsl:template name="password-reset">
	<h2><xsl:value-of select="vv:t('admin.pw.title')"/></h2>
	<xsl:choose>
		<xsl:when test="$f/@self = '1'">
			<xsl:call-template name="field-error">
				<xsl:with-param name="field" select="'password'"/>
			</xsl:call-template>
			<p id="password">
				<xsl:value-of select="concat(vv:t('admin.pw.self'), ' ')"/>
				<a href="{$base}/account/password"><xsl:value-of select="vv:t('nav.password')"/></a>
			</p>
		</xsl:when>
		<xsl:otherwise>
			<p class="hint"><xsl:value-of select="vv:t('admin.pw.about')"/></p>
			<form method="post" action="{$base}/admin/users/{$f/@uuid}/password" novalidate="novalidate">
				<xsl:call-template name="csrf"/>
				<xsl:call-template name="admin-text-field">
					<xsl:with-param name="field" select="'password'"/>
					<xsl:with-param name="label" select="vv:t('admin.pw.new')"/>
					<xsl:with-param name="type" select="'password'"/>
					<xsl:with-param name="hint" select="vv:t('password.hint')"/>
					<xsl:with-param name="autocomplete" select="'new-password'"/>
				</xsl:call-template>
				<xsl:call-template name="admin-text-field">
					<xsl:with-param name="field" select="'password2'"/>
					<xsl:with-param name="label" select="vv:t('admin.pw.repeat')"/>
					<xsl:with-param name="type" select="'password'"/>
					<xsl:with-param name="autocomplete" select="'new-password'"/>
				</xsl:call-template>
				<button type="submit"><xsl:value-of select="vv:t('admin.pw.submit')"/></button>
			</form>
		</xsl:otherwise>
	</xsl:choose>
</xsl:template>

<xsl:template name="link-actions">
	<h2><xsl:value-of select="vv:t('admin.link.title')"/></h2>
	<p class="hint"><xsl:value-of select="vv:t('admin.link.about')"/></p>
	<p>
		<xsl:choose>
			<xsl:when test="$f/@link = '1'"><xsl:value-of select="vv:t('admin.link.issued')"/></xsl:when>
			<xsl:otherwise><xsl:value-of select="vv:t('admin.link.none')"/></xsl:otherwise>
		</xsl:choose>
	</p>
	<form method="post" action="{$base}/admin/users/{$f/@uuid}/login-link">
		<xsl:call-template name="csrf"/>
		<xsl:call-template name="field-error">
			<xsl:with-param name="field" select="'login-link'"/>
		</xsl:call-template>
		<button type="submit" id="login-link">
			<xsl:choose>
				<xsl:when test="$f/@link = '1'"><xsl:value-of select="vv:t('admin.link.reissue')"/></xsl:when>
				<xsl:otherwise><xsl:value-of select="vv:t('admin.link.issue')"/></xsl:otherwise>
			</xsl:choose>
		</button>
	</form>
	<xsl:if test="$f/@link = '1'">
		<form method="post" class="link-revoke" action="{$base}/admin/users/{$f/@uuid}/login-link/revoke">
			<xsl:call-template name="csrf"/>
			<button type="submit" class="button-danger"><xsl:value-of select="vv:t('admin.link.revoke')"/></button>
		</form>
	</xsl:if>
</xsl:template>

<!-- Kirjautuneet laitteet: the tablets signed in with a login link, each
     with its own end button, and one that ends them all. -->
<xsl:template match="devices">
	<section aria-labelledby="devices">
		<h2 id="devices"><xsl:value-of select="vv:t('admin.dev.title')"/></h2>
		<p class="hint"><xsl:value-of select="vv:t('admin.dev.about')"/></p>
		<xsl:choose>
			<xsl:when test="@error = '1'">
				<p role="status"><xsl:value-of select="vv:t('admin.dev.error')"/></p>
			</xsl:when>
			<xsl:when test="not(device)">
				<p id="devices-none"><xsl:value-of select="vv:t('admin.dev.none')"/></p>
			</xsl:when>
			<xsl:otherwise>
				<table class="table" id="device-list">
					<thead>
						<tr>
							<th scope="col"><xsl:value-of select="vv:t('admin.dev.since')"/></th>
							<th scope="col"><xsl:value-of select="vv:t('admin.dev.seen')"/></th>
							<th scope="col"><xsl:value-of select="vv:t('admin.dev.link')"/></th>
							<th scope="col"><span class="visually-hidden"><xsl:value-of select="vv:t('admin.dev.actions')"/></span></th>
						</tr>
					</thead>
					<tbody>
						<xsl:for-each select="device">
							<tr id="device-{@id}">
								<td><xsl:value-of select="@since"/></td>
								<td><xsl:value-of select="@seen"/></td>
								<td>
									<xsl:choose>
										<xsl:when test="@link and @current-link = '1'"><xsl:value-of select="vv:t('admin.dev.link-current', string(@link))"/></xsl:when>
										<xsl:when test="@link"><xsl:value-of select="vv:t('admin.dev.link-old', string(@link))"/></xsl:when>
										<xsl:otherwise><xsl:value-of select="vv:t('admin.dev.link-gone')"/></xsl:otherwise>
									</xsl:choose>
								</td>
								<td>
									<form method="post" action="{$base}/admin/users/{$f/@uuid}/devices/{@id}/end">
										<xsl:call-template name="csrf"/>
										<button type="submit" class="button-danger" aria-label="{vv:t('admin.dev.end-one', string(@since))}">
											<xsl:value-of select="vv:t('admin.dev.end')"/>
										</button>
									</form>
								</td>
							</tr>
						</xsl:for-each>
					</tbody>
				</table>
				<form method="post" action="{$base}/admin/users/{$f/@uuid}/devices/end">
					<xsl:call-template name="csrf"/>
					<p class="hint"><xsl:value-of select="vv:t('admin.dev.end-all-hint')"/></p>
					<button type="submit" id="devices-end" class="button-danger"><xsl:value-of select="vv:t('admin.dev.end-all')"/></button>
				</form>
			</xsl:otherwise>
		</xsl:choose>
		<xsl:if test="@setup">
			<h3 id="device-setup-title"><xsl:value-of select="vv:t('admin.dev.setup-title')"/></h3>
			<p class="hint"><xsl:value-of select="vv:t('admin.dev.setup-hint')"/></p>
			<p>
				<code id="device-setup"><xsl:value-of select="@setup"/></code>
				<xsl:text> </xsl:text>
				<xsl:call-template name="copy-button"><xsl:with-param name="target" select="'device-setup'"/></xsl:call-template>
			</p>
		</xsl:if>
	</section>
</xsl:template>

<!-- Shown once, right after it was made: selectable text in a read-only
     field (select all and copy), with the warning that it will not be
     shown again. -->
<xsl:template match="login-link">
	<section class="flash" aria-labelledby="new-link-title">
		<h2 id="new-link-title"><xsl:value-of select="vv:t('admin.link.new')"/></h2>
		<p><xsl:value-of select="vv:t('admin.link.once')"/></p>
		<p>
			<label for="new-link"><xsl:value-of select="vv:t('admin.link.title')"/></label>
			<input type="text" readonly="readonly" class="mono link-field" id="new-link" value="{@path}" data-path="{@path}"/>
			<xsl:call-template name="copy-button"><xsl:with-param name="target" select="'new-link'"/></xsl:call-template>
		</p>
	</section>
</xsl:template>

</xsl:stylesheet>
