<?xml version="1.0" encoding="UTF-8"?>
<!--
  The HTML skeleton every page shares. A page stylesheet imports this file
  and supplies, for the <page> element:
    mode="main"   the page's content inside <main> (required)
    mode="title"  the page's title text (default: the site name alone)
    mode="head"   extra elements for <head>, e.g. a page script (default: none)
    mode="alarm"  the start alarm's green bar, first in <main> (default: the
                  bar of xsl/alarm-bar.xsl for anyone signed in; the call
                  page supplies an empty one: nobody in a call is rung)
  It may use the variables below ($ctx, $lang, $base, $role, $is-staff,
  $is-admin) and the named templates csrf, field-error and field-attrs.

  The core puts <ctx lang path subpath query here role user tenant csrf tz/> first under
  <page>; form errors arrive as <page><errors><error field key/></errors>.
  Every visible text goes through vv:t(); output is never unescaped.
-->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<!-- HTML method: void elements and <script></script> come out right; the
     core writes the <!DOCTYPE html> line. -->
<xsl:output method="html" encoding="UTF-8" indent="no"/>

<!-- The start alarm (R-EN-4..6, plugin alarm): the bar on every signed-in page. -->
<xsl:include href="alarm-bar.xsl"/>

<xsl:variable name="ctx" select="/page/ctx"/>
<xsl:variable name="lang" select="string($ctx/@lang)"/>
<xsl:variable name="base" select="concat('/', $lang)"/>
<xsl:variable name="role" select="string($ctx/@role)"/>
<xsl:variable name="is-admin" select="$role = 'admin'"/>
<xsl:variable name="is-staff" select="$role = 'professional' or $role = 'operator' or $is-admin"/>
<!-- Every global variable is evaluated for every page (~5,000 instructions
     each, whether used or not): only those page stylesheets use are here. -->

<xsl:template match="/">
	<html lang="{$lang}">
		<head>
			<meta charset="utf-8"/>
			<meta name="viewport" content="width=device-width, initial-scale=1"/>
			<!-- Built without a result-tree fragment (each costs a document per
			     request): every page stylesheet supplies mode="title". -->
			<title>
				<!-- GOV.UK: a refused form says so in the title, read out first -->
				<xsl:if test="/page/errors/error">
					<xsl:value-of select="concat(vv:t('errors.prefix'), ' ')"/>
				</xsl:if>
				<xsl:apply-templates select="/page" mode="title"/>
				<xsl:text> – </xsl:text>
				<xsl:value-of select="vv:t('site.name')"/>
			</title>
			<link rel="stylesheet" href="/static/vvhome.css"/>
			<xsl:if test="$is-staff">
				<script src="/static/js/staff.js" defer="defer"></script>
			</xsl:if>
			<xsl:apply-templates select="/page" mode="head"/>
		</head>
		<body class="role-{$role}">
			<a class="skip-link" href="#main"><xsl:value-of select="vv:t('layout.skip')"/></a>
			<header class="site-header">
				<a class="brand" href="{$base}/"><xsl:value-of select="vv:t('site.name')"/></a>
				<div class="header-tools">
					<!-- Suomi / Svenska / English, each keeping the user on the same
					     page (ctx/@here is the path after the language prefix with its
					     query, made by the core). The header is written out here
					     rather than in named templates: each call costs. -->
					<!-- tablet (issue #17): a customer's language is their own setting,
					     not a link a touch changes. -->
					<xsl:if test="$role != 'customer'">
					<nav class="lang-switch" aria-label="{vv:t('nav.lang')}">
						<ul>
							<li><a href="/fi{$ctx/@here}" hreflang="fi" lang="fi">
								<xsl:if test="$lang = 'fi'"><xsl:attribute name="aria-current">true</xsl:attribute></xsl:if>
								<xsl:value-of select="vv:t('lang.fi')"/></a></li>
							<li><a href="/sv{$ctx/@here}" hreflang="sv" lang="sv">
								<xsl:if test="$lang = 'sv'"><xsl:attribute name="aria-current">true</xsl:attribute></xsl:if>
								<xsl:value-of select="vv:t('lang.sv')"/></a></li>
							<li><a href="/en{$ctx/@here}" hreflang="en" lang="en">
								<xsl:if test="$lang = 'en'"><xsl:attribute name="aria-current">true</xsl:attribute></xsl:if>
								<xsl:value-of select="vv:t('lang.en')"/></a></li>
						</ul>
					</nav>
					</xsl:if>
					<xsl:if test="$is-staff">
						<xsl:call-template name="staff-menu"/>
					</xsl:if>
					<!-- Sign in for visitors; the user's name and a sign-out form
					     (POST with the CSRF token) for everyone signed in. A staff
					     member's name leads to Vaihda salasana (customers have no
					     password): one link more would crowd the header. -->
					<div class="account">
						<xsl:choose>
							<xsl:when test="$role = 'anon' or $role = ''">
								<a class="button" href="{$base}/login"><xsl:value-of select="vv:t('nav.login')"/></a>
							</xsl:when>
							<xsl:otherwise>
								<xsl:if test="string($ctx/@user) != ''">
									<xsl:choose>
										<xsl:when test="$is-staff">
											<a class="user" href="{$base}/account/password">
												<xsl:if test="$ctx/@subpath = '/account/password'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
												<span class="visually-hidden"><xsl:value-of select="concat(vv:t('nav.signed-in-as'), ': ')"/></span>
												<xsl:value-of select="$ctx/@user"/>
												<span class="visually-hidden"><xsl:value-of select="concat(' (', vv:t('nav.password'), ')')"/></span>
											</a>
										</xsl:when>
										<xsl:otherwise>
											<span class="user">
												<span class="visually-hidden"><xsl:value-of select="concat(vv:t('nav.signed-in-as'), ': ')"/></span>
												<xsl:value-of select="$ctx/@user"/>
											</span>
										</xsl:otherwise>
									</xsl:choose>
								</xsl:if>
								<!-- tablet (issue #17): no sign-out for a customer, who has no
								     password to come back with; staff sign a tablet out. -->
								<xsl:if test="$role != 'customer'">
								<form class="logout" method="post" action="{$base}/logout">
									<input type="hidden" name="csrf" value="{$ctx/@csrf}"/>
									<button type="submit" class="button-secondary"><xsl:value-of select="vv:t('nav.logout')"/></button>
								</form>
								</xsl:if>
							</xsl:otherwise>
						</xsl:choose>
					</div>
				</div>
			</header>
			<main id="main" tabindex="-1">
				<xsl:apply-templates select="/page" mode="alarm"/>
				<xsl:if test="/page/errors/error">
					<xsl:call-template name="error-summary"/>
				</xsl:if>
				<xsl:for-each select="/page/flash[@key]">
					<p class="flash" role="status"><xsl:value-of select="vv:t(@key)"/></p>
				</xsl:for-each>
				<xsl:apply-templates select="/page" mode="main"/>
			</main>
		</body>
	</html>
</xsl:template>

<!-- Defaults a page stylesheet overrides. -->
<xsl:template match="page" mode="title"/>
<xsl:template match="page" mode="head"/>
<xsl:template match="page" mode="main"/>
<xsl:template match="page" mode="alarm">
	<xsl:if test="$role != 'anon' and $role != ''">
		<xsl:call-template name="alarm-bar"/>
	</xsl:if>
</xsl:template>

<!-- R-NAV-2: "eCare Event" and "Yrityksen ylläpito" top right. <details>
     opens without JavaScript. -->
<xsl:template name="staff-menu">
	<nav class="staff-menu" aria-label="{vv:t('nav.main')}">
		<xsl:choose>
			<!-- Operators and admins produce content; professionals only enrol
			     and join, and read the employee list like operators. -->
			<xsl:when test="$role = 'operator' or $is-admin"><xsl:call-template name="producer-menus"/></xsl:when>
			<xsl:otherwise>
				<a class="button button-secondary" href="{$base}/ecare/index/calendar"><xsl:value-of select="vv:t('nav.calendar')"/></a>
				<xsl:call-template name="company-menu"/>
			</xsl:otherwise>
		</xsl:choose>
	</nav>
</xsl:template>

<!-- Each menu link marks the current section with aria-current; written
     out rather than through a parameterised template (a call with
     parameters costs more than the link). -->
<xsl:template name="producer-menus">
		<details class="menu">
			<summary><xsl:value-of select="vv:t('nav.ecare')"/></summary>
			<div class="menu-panel">
				<p class="menu-group"><xsl:value-of select="vv:t('nav.calendar-settings')"/></p>
				<ul>
					<li><a href="{$base}/ecare/events">
						<xsl:if test="starts-with($ctx/@subpath, '/ecare/events')"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
						<xsl:value-of select="vv:t('nav.events')"/></a></li>
					<li><a href="{$base}/ecare/recordings">
						<xsl:if test="starts-with($ctx/@subpath, '/ecare/recordings')"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
						<xsl:value-of select="vv:t('nav.recordings')"/></a></li>
					<li><a href="{$base}/ecare/index/calendar">
						<xsl:if test="starts-with($ctx/@subpath, '/ecare/index/calendar')"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
						<xsl:value-of select="vv:t('nav.calendar')"/></a></li>
				</ul>
			</div>
		</details>
		<xsl:call-template name="company-menu"/>
</xsl:template>

<!-- Yrityksen ylläpito: every staff member reads Työntekijät; the rest is
     the admin's. -->
<xsl:template name="company-menu">
		<details class="menu">
			<summary><xsl:value-of select="vv:t('nav.company')"/></summary>
			<div class="menu-panel">
				<p class="menu-group"><xsl:value-of select="vv:t('nav.users')"/></p>
				<ul>
					<li><a href="{$base}/admin/users/employees">
						<xsl:if test="starts-with($ctx/@subpath, '/admin/users/employees')"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
						<xsl:value-of select="vv:t('nav.employees')"/></a></li>
					<xsl:if test="$is-admin">
						<li><a href="{$base}/admin/users/customers">
							<xsl:if test="starts-with($ctx/@subpath, '/admin/users/customers')"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
							<xsl:value-of select="vv:t('nav.customers')"/></a></li>
					</xsl:if>
				</ul>
				<xsl:if test="$is-admin">
					<ul>
						<li><a href="{$base}/admin/types">
							<xsl:if test="starts-with($ctx/@subpath, '/admin/types')"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
							<xsl:value-of select="vv:t('nav.types')"/></a></li>
						<li><a href="{$base}/admin/settings">
							<xsl:if test="starts-with($ctx/@subpath, '/admin/settings')"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
							<xsl:value-of select="vv:t('nav.settings')"/></a></li>
					</ul>
				</xsl:if>
			</div>
		</details>
</xsl:template>

<!-- The GOV.UK error summary: each message links to its field. -->
<xsl:template name="error-summary">
	<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
		<h2 id="error-summary-title"><xsl:value-of select="vv:t('errors.title')"/></h2>
		<ul>
			<xsl:for-each select="/page/errors/error">
				<li><a href="#{@field}"><xsl:call-template name="error-text"/></a></li>
			</xsl:for-each>
		</ul>
	</div>
</xsl:template>

<!-- Helpers for page stylesheets. -->

<!-- A copy button for the element with id $target (staff.js makes it work;
     without JavaScript it stays hidden and the text can be selected). -->
<xsl:template name="copy-button">
	<xsl:param name="target"/>
	<button type="button" class="button button-secondary copy-button" data-copy="{$target}"
		data-copied="{vv:t('form.copied')}">
		<xsl:value-of select="vv:t('form.copy')"/>
	</button>
</xsl:template>

<!-- <xsl:call-template name="csrf"/> inside every POST form. -->
<xsl:template name="csrf">
	<input type="hidden" name="csrf" value="{$ctx/@csrf}"/>
</xsl:template>

<!-- The message for one field, placed between its label and its input:
     <xsl:call-template name="field-error"><xsl:with-param name="field" select="'name'"/></xsl:call-template> -->
<xsl:template name="field-error">
	<xsl:param name="field"/>
	<xsl:for-each select="/page/errors/error[@field = $field][1]">
		<p class="field-error" id="{$field}-error">
			<span class="visually-hidden"><xsl:value-of select="concat(vv:t('errors.prefix'), ' ')"/></span>
			<xsl:call-template name="error-text"/>
		</p>
	</xsl:for-each>
</xsl:template>

<!-- The text of the current <error>, with its argument when it has one. -->
<xsl:template name="error-text">
	<xsl:choose>
		<xsl:when test="@arg"><xsl:value-of select="vv:t(@key, @arg)"/></xsl:when>
		<xsl:otherwise><xsl:value-of select="vv:t(@key)"/></xsl:otherwise>
	</xsl:choose>
</xsl:template>

<!-- Called first inside an <input>, <select> or <textarea>: sets id and
     name, and marks the field invalid when it has an error. -->
<xsl:template name="field-attrs">
	<xsl:param name="field"/>
	<xsl:attribute name="id"><xsl:value-of select="$field"/></xsl:attribute>
	<xsl:attribute name="name"><xsl:value-of select="$field"/></xsl:attribute>
	<xsl:if test="/page/errors/error[@field = $field]">
		<xsl:attribute name="aria-invalid">true</xsl:attribute>
		<xsl:attribute name="aria-describedby"><xsl:value-of select="concat($field, '-error')"/></xsl:attribute>
	</xsl:if>
</xsl:template>

</xsl:stylesheet>
