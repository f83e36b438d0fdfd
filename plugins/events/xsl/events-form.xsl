<?xml version="1.0" encoding="UTF-8"?>
<!-- The event form (R-EV-1..9), creating and editing: the fields in the
     guide's order and with its labels. Every refusal comes back here with
     the input kept. Editing (<event-form mode="edit">) shows the type and
     the external group read-only, and for an event under way
     (@under-way = 1) also its capacity, settings and times; an event that
     ended or was cancelled meanwhile comes as <event-closed why/>. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>
<xsl:include href="events-common.xsl"/>

<xsl:variable name="f" select="/page/event-form"/>
<xsl:variable name="closed" select="/page/event-closed"/>
<xsl:variable name="edit" select="$f/@mode = 'edit' or $closed"/>
<xsl:variable name="fixed" select="$f/@under-way = '1'"/>
<xsl:variable name="title">
	<xsl:choose>
		<xsl:when test="$edit"><xsl:value-of select="vv:t('events.edit-title')"/></xsl:when>
		<xsl:otherwise><xsl:value-of select="vv:t('events.new-title')"/></xsl:otherwise>
	</xsl:choose>
</xsl:variable>

<xsl:template match="page" mode="title">
	<xsl:value-of select="$title"/>
</xsl:template>

<xsl:template match="page" mode="head">
	<script src="/static/js/events.js" defer="defer"></script>
</xsl:template>

<!-- A checkbox with its label after it. -->
<xsl:template name="check">
	<xsl:param name="field"/>
	<xsl:param name="label"/>
	<xsl:param name="checked"/>
	<xsl:param name="hint" select="''"/>
	<div class="field">
		<xsl:call-template name="field-error">
			<xsl:with-param name="field" select="$field"/>
		</xsl:call-template>
		<input type="checkbox" value="1">
			<xsl:call-template name="field-attrs">
				<xsl:with-param name="field" select="$field"/>
			</xsl:call-template>
			<xsl:if test="$checked">
				<xsl:attribute name="checked">checked</xsl:attribute>
			</xsl:if>
		</input>
		<label for="{$field}" class="inline"><xsl:value-of select="$label"/></label>
		<xsl:if test="$hint != ''">
			<p class="hint"><xsl:value-of select="$hint"/></p>
		</xsl:if>
	</div>
</xsl:template>

<!-- A value that stays as it is, in the field's place: <dl> rows. -->
<xsl:template name="fixed-row">
	<xsl:param name="id"/>
	<xsl:param name="label"/>
	<xsl:param name="value"/>
	<dt><xsl:value-of select="$label"/></dt>
	<dd id="{$id}"><xsl:value-of select="$value"/></dd>
</xsl:template>

<xsl:template match="page" mode="main">
	<xsl:call-template name="events-crumbs">
		<xsl:with-param name="here" select="$title"/>
	</xsl:call-template>
	<h1><xsl:value-of select="$title"/></h1>
	<xsl:choose>
		<xsl:when test="$closed"><xsl:call-template name="closed"/></xsl:when>
		<xsl:otherwise><xsl:call-template name="form"/></xsl:otherwise>
	</xsl:choose>
</xsl:template>

<!-- Why an event cannot be edited (any more). -->
<xsl:template name="closed">
	<p class="lead" id="event-closed"><xsl:value-of select="vv:t(concat('events.closed.', $closed/@why), $closed/@name)"/></p>
	<xsl:if test="$closed/@why = 'ended'">
		<p><a href="{$base}/ecare/events/{$closed/@uuid}"><xsl:value-of select="vv:t('events.back-details')"/></a></p>
	</xsl:if>
	<p><a href="{$base}/ecare/events"><xsl:value-of select="vv:t('events.back')"/></a></p>
</xsl:template>

<xsl:template name="form">
	<xsl:variable name="action">
		<xsl:choose>
			<xsl:when test="$edit"><xsl:value-of select="concat($base, '/ecare/events/', $f/@uuid, '/edit')"/></xsl:when>
			<xsl:otherwise><xsl:value-of select="concat($base, '/ecare/events/new')"/></xsl:otherwise>
		</xsl:choose>
	</xsl:variable>
	<xsl:if test="$edit">
		<p class="lead" id="event-name"><xsl:value-of select="$f/@event-name"/></p>
	</xsl:if>
	<form method="post" action="{$action}" novalidate="novalidate">
		<xsl:call-template name="csrf"/>
		<xsl:if test="$edit">
			<input type="hidden" name="digest" value="{$f/@digest}"/>
			<input type="hidden" name="editing">
				<xsl:attribute name="value">
					<xsl:choose>
						<xsl:when test="$fixed">texts</xsl:when>
						<xsl:otherwise>all</xsl:otherwise>
					</xsl:choose>
				</xsl:attribute>
			</input>
			<!-- What an event under way keeps, and a change to it that came too late. -->
			<div id="settings">
				<xsl:call-template name="field-error">
					<xsl:with-param name="field" select="'settings'"/>
				</xsl:call-template>
				<xsl:if test="$fixed">
					<p class="flash" id="under-way"><xsl:value-of select="vv:t('events.under-way')"/></p>
				</xsl:if>
			</div>
		</xsl:if>

		<xsl:if test="$edit and $f/series and not($fixed)">
			<xsl:call-template name="scope"/>
		</xsl:if>

		<xsl:choose>
			<xsl:when test="$fixed">
				<!-- R-EV-1..3 as they are. -->
				<dl class="details">
					<xsl:call-template name="fixed-row">
						<xsl:with-param name="id" select="'fixed-max'"/>
						<xsl:with-param name="label" select="vv:t('ev.max')"/>
						<xsl:with-param name="value" select="$f/@max"/>
					</xsl:call-template>
					<xsl:call-template name="fixed-row">
						<xsl:with-param name="id" select="'fixed-record'"/>
						<xsl:with-param name="label" select="vv:t('ev.record')"/>
						<xsl:with-param name="value">
							<xsl:call-template name="yes-no"><xsl:with-param name="v" select="$f/@record"/></xsl:call-template>
						</xsl:with-param>
					</xsl:call-template>
					<xsl:call-template name="fixed-row">
						<xsl:with-param name="id" select="'fixed-forced'"/>
						<xsl:with-param name="label" select="vv:t('ev.forced')"/>
						<xsl:with-param name="value">
							<xsl:call-template name="yes-no"><xsl:with-param name="v" select="$f/@forced"/></xsl:call-template>
						</xsl:with-param>
					</xsl:call-template>
				</dl>
			</xsl:when>
			<xsl:otherwise>
				<xsl:call-template name="settings"/>
			</xsl:otherwise>
		</xsl:choose>

		<xsl:choose>
			<xsl:when test="$edit">
				<!-- R-EV-4, R-EV-5: who sees the event stays as it is. -->
				<div class="field" id="audience">
					<dl class="details">
						<xsl:call-template name="fixed-row">
							<xsl:with-param name="id" select="'fixed-type'"/>
							<xsl:with-param name="label" select="vv:t('ev.type')"/>
							<xsl:with-param name="value" select="$f/@type-name"/>
						</xsl:call-template>
						<xsl:if test="$f/@organiser = '1' or $f/@group-name">
							<xsl:call-template name="fixed-row">
								<xsl:with-param name="id" select="'fixed-group'"/>
								<xsl:with-param name="label" select="vv:t('ev.external')"/>
								<xsl:with-param name="value">
									<xsl:choose>
										<xsl:when test="$f/@group-name"><xsl:value-of select="$f/@group-name"/></xsl:when>
										<xsl:otherwise><xsl:value-of select="vv:t('events.group-none')"/></xsl:otherwise>
									</xsl:choose>
								</xsl:with-param>
							</xsl:call-template>
						</xsl:if>
					</dl>
					<p class="hint" id="audience-hint"><xsl:value-of select="vv:t('events.audience-fixed')"/></p>
				</div>
			</xsl:when>
			<xsl:otherwise>
				<xsl:call-template name="audience"/>
			</xsl:otherwise>
		</xsl:choose>

		<xsl:choose>
			<xsl:when test="$fixed">
				<!-- R-EV-6 as it is: the call's +15 min moves the end. -->
				<dl class="details">
					<dt><xsl:value-of select="vv:t('ev.start')"/></dt>
					<dd id="fixed-start">
						<xsl:call-template name="events-time">
							<xsl:with-param name="utc" select="string($f/@starts)"/>
						</xsl:call-template>
					</dd>
					<dt><xsl:value-of select="vv:t('ev.end')"/></dt>
					<dd id="fixed-end">
						<xsl:call-template name="events-time">
							<xsl:with-param name="utc" select="string($f/@ends)"/>
						</xsl:call-template>
					</dd>
					<xsl:call-template name="fixed-row">
						<xsl:with-param name="id" select="'fixed-duration'"/>
						<xsl:with-param name="label" select="vv:t('ev.duration')"/>
						<xsl:with-param name="value" select="vv:t('events.minutes', $f/@duration)"/>
					</xsl:call-template>
				</dl>
			</xsl:when>
			<xsl:otherwise>
				<xsl:call-template name="times"/>
			</xsl:otherwise>
		</xsl:choose>

		<xsl:if test="not($edit)">
			<xsl:call-template name="repeat"/>
		</xsl:if>

		<xsl:call-template name="texts"/>

		<xsl:call-template name="field-error">
			<xsl:with-param name="field" select="'submit'"/>
		</xsl:call-template>
		<button type="submit" id="submit"><xsl:value-of select="vv:t('form.submit')"/></button>
	</form>
	<xsl:choose>
		<xsl:when test="$edit">
			<p><a href="{$base}/ecare/events/{$f/@uuid}"><xsl:value-of select="vv:t('events.back-details')"/></a></p>
		</xsl:when>
		<xsl:otherwise>
			<p><a href="{$base}/ecare/events"><xsl:value-of select="vv:t('events.back')"/></a></p>
		</xsl:otherwise>
	</xsl:choose>
</xsl:template>

<!-- R-EV-1..3: capacity, recording, forced answer. -->
<xsl:template name="settings">
	<!-- R-EV-1 -->
	<div class="field">
		<label for="max"><xsl:value-of select="vv:t('ev.max')"/></label>
		<p class="hint" id="max-hint"><xsl:value-of select="vv:t('events.max-hint', $f/@limit)"/></p>
		<xsl:if test="$f/@customers &gt; 0">
			<p class="hint" id="max-enrolled"><xsl:value-of select="vv:t('events.max-enrolled', $f/@customers)"/></p>
		</xsl:if>
		<xsl:call-template name="field-error">
			<xsl:with-param name="field" select="'max'"/>
		</xsl:call-template>
		<input type="number" min="1" max="{$f/@limit}" step="1" inputmode="numeric" value="{$f/@max}">
			<xsl:call-template name="field-attrs">
				<xsl:with-param name="field" select="'max'"/>
			</xsl:call-template>
		</input>
	</div>

	<!-- R-EV-2, R-EV-3 -->
	<xsl:call-template name="check">
		<xsl:with-param name="field" select="'record'"/>
		<xsl:with-param name="label" select="vv:t('ev.record')"/>
		<xsl:with-param name="checked" select="$f/@record = '1'"/>
		<xsl:with-param name="hint">
			<xsl:choose>
				<xsl:when test="$f/@recording-allowed = '1'"><xsl:value-of select="vv:t('events.record-hint')"/></xsl:when>
				<xsl:otherwise><xsl:value-of select="vv:t('contract.recording')"/></xsl:otherwise>
			</xsl:choose>
		</xsl:with-param>
	</xsl:call-template>
	<xsl:call-template name="check">
		<xsl:with-param name="field" select="'forced'"/>
		<xsl:with-param name="label" select="vv:t('ev.forced')"/>
		<xsl:with-param name="checked" select="$f/@forced = '1'"/>
		<xsl:with-param name="hint" select="vv:t('events.forced-hint')"/>
	</xsl:call-template>
</xsl:template>

<!-- R-EV-4, R-EV-5: who sees the event. -->
<xsl:template name="audience">
	<!-- R-EV-4 -->
	<div class="field">
		<label for="type"><xsl:value-of select="vv:t('ev.type')"/></label>
		<xsl:if test="not($f/type)">
			<p class="hint"><xsl:value-of select="vv:t('events.no-types')"/></p>
		</xsl:if>
		<xsl:call-template name="field-error">
			<xsl:with-param name="field" select="'type'"/>
		</xsl:call-template>
		<select>
			<xsl:call-template name="field-attrs">
				<xsl:with-param name="field" select="'type'"/>
			</xsl:call-template>
			<xsl:call-template name="events-option">
				<xsl:with-param name="value" select="''"/>
				<xsl:with-param name="label" select="vv:t('events.choose')"/>
				<xsl:with-param name="current" select="$f/@type"/>
			</xsl:call-template>
			<xsl:for-each select="$f/type">
				<xsl:call-template name="events-option">
					<xsl:with-param name="value" select="@uuid"/>
					<xsl:with-param name="label" select="@name"/>
					<xsl:with-param name="current" select="$f/@type"/>
				</xsl:call-template>
			</xsl:for-each>
		</select>
	</div>

	<!-- R-EV-5: only for eCare-event organisers. -->
	<xsl:if test="$f/@organiser = '1'">
		<div class="field">
			<label for="group"><xsl:value-of select="vv:t('ev.external')"/></label>
			<p class="hint"><xsl:value-of select="vv:t('events.group-hint')"/></p>
			<xsl:call-template name="field-error">
				<xsl:with-param name="field" select="'group'"/>
			</xsl:call-template>
			<select>
				<xsl:call-template name="field-attrs">
					<xsl:with-param name="field" select="'group'"/>
				</xsl:call-template>
				<xsl:call-template name="events-option">
					<xsl:with-param name="value" select="''"/>
					<xsl:with-param name="label" select="vv:t('events.group-none')"/>
					<xsl:with-param name="current" select="$f/@group"/>
				</xsl:call-template>
				<xsl:for-each select="$f/group">
					<xsl:call-template name="events-option">
						<xsl:with-param name="value" select="@uuid"/>
						<xsl:with-param name="label" select="@name"/>
						<xsl:with-param name="current" select="$f/@group"/>
					</xsl:call-template>
				</xsl:for-each>
			</select>
		</div>
	</xsl:if>
	<xsl:if test="$f/@organiser != '1'">
		<xsl:call-template name="field-error">
			<xsl:with-param name="field" select="'group'"/>
		</xsl:call-template>
	</xsl:if>

</xsl:template>

<!-- R-EV-6: date, time and duration. -->
<xsl:template name="times">
	<!-- R-EV-6 -->
	<fieldset>
		<legend><xsl:value-of select="vv:t('ev.start')"/></legend>
		<p class="hint"><xsl:value-of select="vv:t('events.start-hint', $f/@tz)"/></p>
		<div class="field">
			<label for="date"><xsl:value-of select="vv:t('events.date')"/></label>
			<xsl:call-template name="field-error">
				<xsl:with-param name="field" select="'date'"/>
			</xsl:call-template>
			<input type="date" value="{$f/@date}">
				<xsl:call-template name="field-attrs">
					<xsl:with-param name="field" select="'date'"/>
				</xsl:call-template>
			</input>
			<!-- Without JavaScript: the form comes back, nothing saved, with
			     the chosen day's times (events.js does it in place). -->
			<button type="submit" name="slots" value="1" id="slots-button" class="button-secondary"
				formnovalidate="formnovalidate">
				<xsl:value-of select="vv:t('events.slots-show')"/>
			</button>
		</div>
		<div class="field">
			<label for="time"><xsl:value-of select="vv:t('events.time')"/></label>
			<xsl:call-template name="field-error">
				<xsl:with-param name="field" select="'time'"/>
			</xsl:call-template>
			<select>
				<xsl:call-template name="field-attrs">
					<xsl:with-param name="field" select="'time'"/>
				</xsl:call-template>
				<xsl:for-each select="$f/slot">
					<xsl:call-template name="events-option">
						<xsl:with-param name="value" select="@value"/>
						<xsl:with-param name="label" select="translate(@value, ':', '.')"/>
						<xsl:with-param name="current" select="$f/@time"/>
					</xsl:call-template>
				</xsl:for-each>
			</select>
		</div>
		<div class="field">
			<label for="duration"><xsl:value-of select="vv:t('ev.duration')"/></label>
			<xsl:call-template name="field-error">
				<xsl:with-param name="field" select="'duration'"/>
			</xsl:call-template>
			<select>
				<xsl:call-template name="field-attrs">
					<xsl:with-param name="field" select="'duration'"/>
				</xsl:call-template>
				<xsl:for-each select="$f/duration">
					<xsl:call-template name="events-option">
						<xsl:with-param name="value" select="@value"/>
						<xsl:with-param name="label" select="vv:t('events.minutes', @value)"/>
						<xsl:with-param name="current" select="$f/@duration"/>
					</xsl:call-template>
				</xsl:for-each>
			</select>
		</div>
	</fieldset>

</xsl:template>

<!-- R-EV-7, R-EV-8: languages, and a name and description for each. -->
<xsl:template name="texts">
	<!-- R-EV-7 -->
	<fieldset id="lang">
		<legend><xsl:value-of select="vv:t('ev.language')"/></legend>
		<p class="hint"><xsl:value-of select="vv:t('events.lang-hint')"/></p>
		<xsl:call-template name="field-error">
			<xsl:with-param name="field" select="'lang'"/>
		</xsl:call-template>
		<xsl:for-each select="$f/lang">
			<div>
				<input type="checkbox" name="lang" id="lang-{@code}" value="{@code}">
					<xsl:if test="@checked = '1'">
						<xsl:attribute name="checked">checked</xsl:attribute>
					</xsl:if>
				</input>
				<label for="lang-{@code}" class="inline"><xsl:value-of select="vv:t(concat('lang.', @code))"/></label>
			</div>
		</xsl:for-each>
	</fieldset>

	<!-- R-EV-8: a name (required) and a description per language. -->
	<xsl:for-each select="$f/lang">
		<fieldset class="event-texts" id="texts-{@code}" lang="{@code}">
			<legend><xsl:value-of select="vv:t('events.texts-in', vv:t(concat('lang.', @code)))"/></legend>
			<div class="field">
				<label for="name_{@code}"><xsl:value-of select="vv:t('ev.name')"/></label>
				<xsl:call-template name="field-error">
					<xsl:with-param name="field" select="concat('name_', @code)"/>
				</xsl:call-template>
				<input type="text" autocomplete="off" value="{@name}">
					<xsl:call-template name="field-attrs">
						<xsl:with-param name="field" select="concat('name_', @code)"/>
					</xsl:call-template>
				</input>
			</div>
			<div class="field">
				<label for="description_{@code}">
					<xsl:value-of select="concat(vv:t('ev.description'), ' ', vv:t('form.optional'))"/>
				</label>
				<xsl:call-template name="field-error">
					<xsl:with-param name="field" select="concat('description_', @code)"/>
				</xsl:call-template>
				<textarea rows="4">
					<xsl:call-template name="field-attrs">
						<xsl:with-param name="field" select="concat('description_', @code)"/>
					</xsl:call-template>
					<xsl:value-of select="@description"/>
				</textarea>
			</div>
		</fieldset>
	</xsl:for-each>
</xsl:template>

<!-- An occurrence of a series (issue 16): the edit is for it alone or for
     it and every later occurrence. -->
<xsl:template name="scope">
	<fieldset id="scope-set">
		<legend><xsl:value-of select="vv:t('events.scope')"/></legend>
		<p class="hint" id="scope-hint">
			<xsl:call-template name="series-rule"><xsl:with-param name="s" select="$f/series"/></xsl:call-template>
		</p>
		<xsl:call-template name="field-error">
			<xsl:with-param name="field" select="'scope'"/>
		</xsl:call-template>
		<div>
			<input type="radio" name="scope" id="scope-one" value="one">
				<xsl:if test="$f/@scope != 'following'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
			</input>
			<label for="scope-one" class="inline"><xsl:value-of select="vv:t('events.scope.one')"/></label>
		</div>
		<div>
			<input type="radio" name="scope" id="scope-following" value="following">
				<xsl:if test="$f/@scope = 'following'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
			</input>
			<label for="scope-following" class="inline"><xsl:value-of select="vv:t('events.scope.following')"/></label>
		</div>
	</fieldset>
</xsl:template>

<!-- Creating a weekly series (issue 16): the weekdays, every N weeks, an
     end by a count or a date, and exceptions. -->
<xsl:template name="repeat">
	<fieldset id="repeat-set">
		<legend><xsl:value-of select="vv:t('events.repeat')"/></legend>
		<div class="field">
			<label for="repeat"><xsl:value-of select="vv:t('events.repeat-label')"/></label>
			<select>
				<xsl:call-template name="field-attrs">
					<xsl:with-param name="field" select="'repeat'"/>
				</xsl:call-template>
				<xsl:call-template name="events-option">
					<xsl:with-param name="value" select="''"/>
					<xsl:with-param name="label" select="vv:t('events.repeat.none')"/>
					<xsl:with-param name="current" select="$f/@repeat"/>
				</xsl:call-template>
				<xsl:call-template name="events-option">
					<xsl:with-param name="value" select="'weekly'"/>
					<xsl:with-param name="label" select="vv:t('events.repeat.weekly')"/>
					<xsl:with-param name="current" select="$f/@repeat"/>
				</xsl:call-template>
			</select>
		</div>
		<div id="repeat-rule">
			<p class="hint"><xsl:value-of select="vv:t('events.repeat-hint')"/></p>
			<fieldset id="wday">
				<legend><xsl:value-of select="vv:t('events.wdays')"/></legend>
				<xsl:call-template name="field-error">
					<xsl:with-param name="field" select="'wday'"/>
				</xsl:call-template>
				<xsl:for-each select="$f/wday">
					<span class="inline-choice">
						<input type="checkbox" name="wday" id="wday-{@value}" value="{@value}">
							<xsl:if test="@checked = '1'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
						</input>
						<label for="wday-{@value}" class="inline"><xsl:value-of select="vv:t(concat('events.wd.', @value))"/></label>
					</span>
					<xsl:text> </xsl:text>
				</xsl:for-each>
			</fieldset>
			<div class="field">
				<label for="every"><xsl:value-of select="vv:t('events.every')"/></label>
				<p class="hint" id="every-hint"><xsl:value-of select="vv:t('events.every-hint')"/></p>
				<xsl:call-template name="field-error">
					<xsl:with-param name="field" select="'every'"/>
				</xsl:call-template>
				<input type="number" min="1" max="52" step="1" inputmode="numeric" value="{$f/@every}">
					<xsl:call-template name="field-attrs">
						<xsl:with-param name="field" select="'every'"/>
					</xsl:call-template>
				</input>
			</div>
			<fieldset id="ends">
				<legend><xsl:value-of select="vv:t('events.ends')"/></legend>
				<div class="field">
					<input type="radio" name="ends" id="ends-count" value="count">
						<xsl:if test="$f/@ends != 'until'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
					</input>
					<label for="ends-count" class="inline"><xsl:value-of select="vv:t('events.ends.count')"/></label>
					<xsl:call-template name="field-error">
						<xsl:with-param name="field" select="'count'"/>
					</xsl:call-template>
					<label for="count" class="visually-hidden"><xsl:value-of select="vv:t('events.count')"/></label>
					<input type="number" min="2" max="100" step="1" inputmode="numeric" value="{$f/@count}">
						<xsl:call-template name="field-attrs">
							<xsl:with-param name="field" select="'count'"/>
						</xsl:call-template>
					</input>
				</div>
				<div class="field">
					<input type="radio" name="ends" id="ends-until" value="until">
						<xsl:if test="$f/@ends = 'until'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
					</input>
					<label for="ends-until" class="inline"><xsl:value-of select="vv:t('events.ends.until')"/></label>
					<xsl:call-template name="field-error">
						<xsl:with-param name="field" select="'until'"/>
					</xsl:call-template>
					<label for="until" class="visually-hidden"><xsl:value-of select="vv:t('events.until')"/></label>
					<input type="date" value="{$f/@until}">
						<xsl:call-template name="field-attrs">
							<xsl:with-param name="field" select="'until'"/>
						</xsl:call-template>
					</input>
				</div>
			</fieldset>
			<div class="field">
				<label for="skip"><xsl:value-of select="concat(vv:t('events.skip'), ' ', vv:t('form.optional'))"/></label>
				<p class="hint" id="skip-hint"><xsl:value-of select="vv:t('events.skip-hint')"/></p>
				<xsl:call-template name="field-error">
					<xsl:with-param name="field" select="'skip'"/>
				</xsl:call-template>
				<input type="text" autocomplete="off" value="{$f/@skip}">
					<xsl:call-template name="field-attrs">
						<xsl:with-param name="field" select="'skip'"/>
					</xsl:call-template>
				</input>
			</div>
		</div>
	</fieldset>
</xsl:template>

</xsl:stylesheet>
