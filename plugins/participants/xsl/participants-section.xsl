<?xml version="1.0" encoding="UTF-8"?>
<!--
  The participants of an event (R-PA-1, R-PA-3): included by the events
  plugin's Tiedot stylesheet and by participants-added.xsl, which import
  layout.xsl (csrf, field-error, field-attrs, $base). Call
    <xsl:call-template name="participants-section"/>
  with, anywhere in the page document,
    <participants event="{uuid}" capacity="{max}" customers="{enrolled customers}">
      <p id kind="customer|staff|guest" status="enrolled|waiting" email first last user/>
      <p id kind status partner="1"/>   (a partner tenant's customer in a shared
                                          event: no name, e-mail or uuid, not removable)
      <add email first last/>   (only when the add form comes back refused)
      <found who short more><u email first last kind/></found>
                                (the search over the organisation's users, ?who=)
    </participants>
-->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:template name="participants-section">
	<xsl:variable name="ps" select="/page//participants[1]"/>
	<xsl:variable name="action" select="concat($base, '/ecare/events/', $ps/@event, '/participants')"/>
	<section class="participants" id="participants" tabindex="-1" aria-labelledby="participants-title">
		<h2 id="participants-title"><xsl:value-of select="vv:t('participants.title')"/></h2>
		<xsl:call-template name="field-error">
			<xsl:with-param name="field" select="'participants'"/>
		</xsl:call-template>
		<p>
			<xsl:value-of select="vv:t('participants.customers', concat($ps/@customers, ' / ', $ps/@capacity))"/>
		</p>
		<xsl:choose>
			<xsl:when test="$ps/p">
				<table>
					<caption class="visually-hidden"><xsl:value-of select="vv:t('participants.title')"/></caption>
					<thead>
						<tr>
							<th scope="col"><xsl:value-of select="vv:t('participants.col.name')"/></th>
							<th scope="col"><xsl:value-of select="vv:t('participants.email')"/></th>
							<th scope="col"><xsl:value-of select="vv:t('participants.col.kind')"/></th>
							<th scope="col"><xsl:value-of select="vv:t('participants.col.status')"/></th>
							<th scope="col"><xsl:value-of select="vv:t('participants.col.actions')"/></th>
						</tr>
					</thead>
					<tbody>
						<xsl:for-each select="$ps/p">
							<xsl:variable name="who">
								<xsl:choose>
									<xsl:when test="@partner = '1'"><xsl:value-of select="vv:t('participants.partner')"/></xsl:when>
									<xsl:otherwise><xsl:value-of select="normalize-space(concat(@first, ' ', @last))"/></xsl:otherwise>
								</xsl:choose>
							</xsl:variable>
							<tr>
								<th scope="row"><xsl:value-of select="$who"/></th>
								<td><xsl:value-of select="@email"/></td>
								<td><xsl:value-of select="vv:t(concat('participants.kind.', @kind))"/></td>
								<td><xsl:value-of select="vv:t(concat('participants.status.', @status))"/></td>
								<td>
									<xsl:if test="not(@partner = '1')">
										<form method="post" class="inline" action="{$action}/{@id}/remove">
											<xsl:call-template name="csrf"/>
											<button type="submit" class="button-danger">
												<xsl:value-of select="vv:t('participants.remove')"/>
												<span class="visually-hidden"><xsl:value-of select="concat(' ', $who)"/></span>
											</button>
										</form>
									</xsl:if>
								</td>
							</tr>
						</xsl:for-each>
					</tbody>
				</table>
			</xsl:when>
			<xsl:otherwise>
				<p><xsl:value-of select="vv:t('participants.empty')"/></p>
			</xsl:otherwise>
		</xsl:choose>

		<h3 id="participants-add-title"><xsl:value-of select="vv:t('participants.add.title')"/></h3>
		<xsl:call-template name="participants-search">
			<xsl:with-param name="ps" select="$ps"/>
			<xsl:with-param name="action" select="$action"/>
		</xsl:call-template>
		<p class="hint" id="participants-add-hint"><xsl:value-of select="vv:t('participants.add.hint')"/></p>
		<form method="post" action="{$action}" novalidate="novalidate" aria-labelledby="participants-add-title">
			<xsl:call-template name="csrf"/>
			<xsl:call-template name="participants-field">
				<xsl:with-param name="field" select="'email'"/>
				<xsl:with-param name="label" select="vv:t('participants.email')"/>
				<xsl:with-param name="value" select="$ps/add/@email"/>
				<xsl:with-param name="type" select="'email'"/>
			</xsl:call-template>
			<xsl:call-template name="participants-field">
				<xsl:with-param name="field" select="'first_name'"/>
				<xsl:with-param name="label" select="vv:t('participants.first')"/>
				<xsl:with-param name="value" select="$ps/add/@first"/>
			</xsl:call-template>
			<xsl:call-template name="participants-field">
				<xsl:with-param name="field" select="'last_name'"/>
				<xsl:with-param name="label" select="vv:t('participants.last')"/>
				<xsl:with-param name="value" select="$ps/add/@last"/>
			</xsl:call-template>
			<button type="submit"><xsl:value-of select="vv:t('participants.submit')"/></button>
		</form>
	</section>
</xsl:template>

<!-- Hae henkilöä: a GET form back to Tiedot (works without JavaScript);
     each person found has a Lisää button that adds them as the form below
     would, and their address is offered in the e-mail field's list. -->
<xsl:template name="participants-search">
	<xsl:param name="ps"/>
	<xsl:param name="action"/>
	<xsl:variable name="f" select="$ps/found"/>
	<form method="get" action="{$base}/ecare/events/{$ps/@event}#participants-search" role="search"
		id="participants-search" class="inline">
		<label for="who" id="participants-search-label"><xsl:value-of select="vv:t('participants.search.label')"/></label>
		<xsl:text> </xsl:text>
		<input type="search" id="who" name="who" value="{$f/@who}" autocomplete="off"
			aria-describedby="participants-search-hint"/>
		<xsl:text> </xsl:text>
		<button type="submit" class="button-secondary"><xsl:value-of select="vv:t('participants.search.submit')"/></button>
		<p class="hint" id="participants-search-hint"><xsl:value-of select="vv:t('participants.search.hint')"/></p>
	</form>
	<xsl:if test="$f">
		<div id="participants-found" role="status">
			<xsl:choose>
				<xsl:when test="$f/@short = '1'">
					<p><xsl:value-of select="vv:t('participants.search.short')"/></p>
				</xsl:when>
				<xsl:when test="not($f/u)">
					<p><xsl:value-of select="vv:t('participants.search.none', $f/@who)"/></p>
				</xsl:when>
				<xsl:otherwise>
					<p><xsl:value-of select="vv:t('participants.search.count', count($f/u))"/></p>
					<ul class="found">
						<xsl:for-each select="$f/u">
							<xsl:variable name="who" select="normalize-space(concat(@first, ' ', @last))"/>
							<li>
								<xsl:value-of select="concat($who, ' (', vv:t(concat('participants.kind.', @kind)), ') ')"/>
								<code><xsl:value-of select="@email"/></code>
								<xsl:text> </xsl:text>
								<form method="post" class="inline" action="{$action}">
									<xsl:call-template name="csrf"/>
									<input type="hidden" name="email" value="{@email}"/>
									<button type="submit">
										<xsl:value-of select="vv:t('participants.search.add')"/>
										<span class="visually-hidden"><xsl:value-of select="concat(' ', $who)"/></span>
									</button>
								</form>
							</li>
						</xsl:for-each>
					</ul>
					<xsl:if test="$f/@more = '1'">
						<p class="hint"><xsl:value-of select="vv:t('participants.search.more')"/></p>
					</xsl:if>
				</xsl:otherwise>
			</xsl:choose>
		</div>
		<datalist id="participants-emails">
			<xsl:for-each select="$f/u">
				<option value="{@email}"><xsl:value-of select="normalize-space(concat(@first, ' ', @last))"/></option>
			</xsl:for-each>
		</datalist>
	</xsl:if>
</xsl:template>

<!-- Label tied to the input, the field's message, the input keeping the
     user's value. -->
<xsl:template name="participants-field">
	<xsl:param name="field"/>
	<xsl:param name="label"/>
	<xsl:param name="value"/>
	<xsl:param name="type" select="'text'"/>
	<div class="field">
		<label for="{$field}"><xsl:value-of select="$label"/></label>
		<xsl:call-template name="field-error">
			<xsl:with-param name="field" select="$field"/>
		</xsl:call-template>
		<input type="{$type}" autocomplete="off" value="{$value}">
			<xsl:call-template name="field-attrs">
				<xsl:with-param name="field" select="$field"/>
			</xsl:call-template>
			<xsl:if test="$field = 'email' and /page//participants[1]/found/u">
				<xsl:attribute name="list">participants-emails</xsl:attribute>
			</xsl:if>
		</input>
	</div>
</xsl:template>

</xsl:stylesheet>
