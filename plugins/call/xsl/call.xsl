<?xml version="1.0" encoding="UTF-8"?>
<!-- The call page (issue #6, R-CA-1..6): the pre-join step with device
     pickers, Kaiunesto and a preview; then the call with its buttons.
     Everything that moves (the end, muting, requests to speak) comes from
     …/state; the credentials from …/join when the user proceeds. The
     script is xsl/static/js/call.js; no credential is in the page. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>

<xsl:variable name="c" select="/page/call"/>
<!-- A customer on their tablet (issue #17): no device step (the tablet's
     default camera and microphone, echo cancellation on), only their four
     buttons, and after the red handset a choice to go back in or not today. -->
<xsl:variable name="customer" select="$c/@who = 'customer'"/>
<!-- A recorded event asks customers and guests first (issue #11): nothing
     starts a camera or a microphone until they answer; asked again after
     a refusal, so that they may change their mind. -->
<xsl:variable name="ask" select="$c/@consent = 'ask' or $c/@consent = 'no'"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="$c/@name"/>
</xsl:template>

<xsl:template match="page" mode="head">
	<link rel="stylesheet" href="/static/call.css"/>
	<!-- No alarm on this page (mode="alarm" below), but its script: it tells
	     the other tabs that this one is in the call, so they stay silent
	     (R-EN-6). Before call.js, which tells it when the user leaves. -->
	<script src="/static/js/alarm.js" defer="defer"></script>
	<script src="/static/vendor/adapter.js" defer="defer"></script>
	<script src="/static/vendor/janus.js" defer="defer"></script>
	<script src="/static/js/call.js" defer="defer"></script>
</xsl:template>

<!-- A user in the call is never rung: no green bar here. -->
<xsl:template match="page" mode="alarm"/>

<!-- A line icon (decoration: the button's text names it). -->
<xsl:template name="icon">
	<xsl:param name="d"/>
	<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="{$d}"/></svg>
</xsl:template>

<xsl:template name="button">
	<xsl:param name="id"/>
	<xsl:param name="key"/>
	<xsl:param name="d"/>
	<xsl:param name="class" select="''"/>
	<xsl:param name="pressed" select="''"/>
	<button type="button" id="{$id}" class="call-btn {$class}">
		<xsl:if test="$pressed != ''">
			<xsl:attribute name="aria-pressed"><xsl:value-of select="$pressed"/></xsl:attribute>
		</xsl:if>
		<xsl:call-template name="icon"><xsl:with-param name="d" select="$d"/></xsl:call-template>
		<span class="label"><xsl:value-of select="vv:t($key)"/></span>
	</button>
</xsl:template>

<xsl:template name="devices">
	<xsl:param name="suffix" select="''"/>
	<div class="devices">
		<div class="device-row">
			<label for="cam-select{$suffix}"><xsl:value-of select="vv:t('call.camera')"/></label>
			<select id="cam-select{$suffix}" class="cam-select"><option value=""><xsl:value-of select="vv:t('call.device.default')"/></option></select>
			<button type="button" class="call-btn find-cams">
				<xsl:call-template name="icon"><xsl:with-param name="d" select="'M10 4a6 6 0 1 1 0 12a6 6 0 0 1 0-12zM15 15l6 6'"/></xsl:call-template>
				<span class="label"><xsl:value-of select="vv:t('call.find-cameras')"/></span>
			</button>
		</div>
		<div class="device-row">
			<label for="mic-select{$suffix}"><xsl:value-of select="vv:t('call.microphone')"/></label>
			<select id="mic-select{$suffix}" class="mic-select"><option value=""><xsl:value-of select="vv:t('call.device.default')"/></option></select>
			<button type="button" class="call-btn find-mics">
				<xsl:call-template name="icon"><xsl:with-param name="d" select="'M10 4a6 6 0 1 1 0 12a6 6 0 0 1 0-12zM15 15l6 6'"/></xsl:call-template>
				<span class="label"><xsl:value-of select="vv:t('call.find-mics')"/></span>
			</button>
		</div>
	</div>
</xsl:template>

<xsl:template match="page" mode="main">
	<div id="call" class="call who-{$c/@who}" data-call="{$c/@event}" data-starts="{$c/@starts}" data-ends="{$c/@ends}"
		data-record="{$c/@record}" data-who="{$c/@who}" data-organiser="{$c/@organiser}"
		data-autojoin="{$c/@autojoin}" data-over="{$c/@over}" data-back="{$c/@back}"
		data-csrf="{$ctx/@csrf}" data-lang="{$lang}" data-tz="{$ctx/@tz}" data-consent="{$c/@consent}">
		<h1 class="call-name"><xsl:value-of select="$c/@name"/></h1>
		<xsl:if test="$c/@record = '1'">
			<p class="call-recorded" role="note"><span class="rec-dot" aria-hidden="true"></span><xsl:value-of select="vv:t('call.recorded')"/></p>
		</xsl:if>
		<p id="call-message" class="call-message" role="status" aria-live="polite"></p>

		<xsl:choose>
		<xsl:when test="$c/@over = '1'">
			<p class="lead"><xsl:value-of select="vv:t('call.ended')"/></p>
		</xsl:when>
		<xsl:otherwise>
		<xsl:if test="$ask">
			<section id="consent" class="consent" aria-labelledby="consent-h">
				<h2 id="consent-h"><span class="rec-dot" aria-hidden="true"></span><xsl:value-of select="vv:t('call.consent.title')"/></h2>
				<p class="lead"><xsl:value-of select="vv:t('call.consent.text')"/></p>
				<p class="consent-buttons">
					<button type="button" id="consent-accept" class="button button-big button-go"><xsl:value-of select="vv:t('call.consent.accept')"/></button>
					<button type="button" id="consent-decline" class="button button-big button-secondary"><xsl:value-of select="vv:t('call.consent.decline')"/></button>
				</p>
			</section>
		</xsl:if>
		<!-- R-CA-1: the pre-join step -->
		<section id="prejoin" class="prejoin" aria-labelledby="prejoin-h">
			<xsl:if test="$customer or $ask"><xsl:attribute name="hidden">hidden</xsl:attribute></xsl:if>
			<h2 id="prejoin-h"><xsl:value-of select="vv:t('call.prejoin')"/></h2>
			<div class="prejoin-grid">
				<figure class="preview">
					<video id="preview" autoplay="autoplay" muted="muted" playsinline="playsinline"></video>
					<figcaption><xsl:value-of select="vv:t('call.preview')"/></figcaption>
				</figure>
				<div>
					<xsl:call-template name="devices"/>
					<p class="echo">
						<input type="checkbox" id="echo" checked="checked"/>
						<label for="echo"><xsl:value-of select="vv:t('call.echo')"/></label>
					</p>
				</div>
			</div>
			<button type="button" id="proceed" class="button button-big call-proceed">
				<xsl:value-of select="vv:t('call.proceed')"/>
			</button>
		</section>

		<!-- R-CA-2..5: the call -->
		<section id="incall" class="incall layout-speaker self-br" hidden="hidden">
			<div class="stage-wrap">
				<div id="stage" class="stage" aria-label="{vv:t('call.title')}">
					<p id="waiting" class="waiting"><xsl:value-of select="vv:t('call.waiting')"/></p>
				</div>
				<video id="self" class="self" autoplay="autoplay" muted="muted" playsinline="playsinline"></video>
				<div id="muted-banner" class="muted-banner" role="alert" hidden="hidden">
					<p><xsl:value-of select="vv:t('call.muted')"/></p>
					<button type="button" id="ask" class="call-btn call-ask"><span class="label"><xsl:value-of select="vv:t('call.ask')"/></span></button>
					<p id="asked" class="asked" hidden="hidden"><xsl:value-of select="vv:t('call.asked')"/></p>
				</div>
			</div>
			<p id="watching" class="watching" role="status" hidden="hidden"><xsl:value-of select="vv:t('call.watching')"/></p>
			<div id="presenting" class="presenting" hidden="hidden"><xsl:value-of select="vv:t('call.presenting')"/></div>
			<xsl:if test="$c/@organiser = '1'">
				<!-- who is in the room, watchers too (issue #11); call.js fills it from …/state -->
				<section id="people" class="people" aria-labelledby="people-h">
					<h2 id="people-h"><xsl:value-of select="vv:t('call.people')"/></h2>
					<ul id="people-list"></ul>
				</section>
			</xsl:if>
			<section id="requests" class="requests" hidden="hidden" aria-labelledby="requests-h">
				<h2 id="requests-h"><xsl:value-of select="vv:t('call.requests')"/></h2>
				<ul id="request-list"></ul>
			</section>
			<p class="call-clock"><xsl:value-of select="vv:t('call.ends-at')"/><xsl:text> </xsl:text><time id="ends"></time></p>
			<div class="toolbar" role="toolbar" aria-label="{vv:t('call.title')}">
				<xsl:if test="$customer">
					<xsl:call-template name="button">
						<xsl:with-param name="id" select="'btn-mic'"/><xsl:with-param name="key" select="'call.btn.mic'"/>
						<xsl:with-param name="pressed" select="'true'"/>
						<xsl:with-param name="d" select="'M9 3h6v10H9zM5 11a7 7 0 0 0 14 0M12 18v3'"/>
					</xsl:call-template>
				</xsl:if>
				<xsl:call-template name="button">
					<xsl:with-param name="id" select="'btn-camera'"/><xsl:with-param name="key" select="'call.btn.camera'"/>
					<xsl:with-param name="pressed" select="'true'"/>
					<xsl:with-param name="d" select="'M3 7h12v10H3zM15 10l6-3v10l-6-3'"/>
				</xsl:call-template>
				<xsl:call-template name="button">
					<xsl:with-param name="id" select="'btn-speaker'"/><xsl:with-param name="key" select="'call.btn.speaker'"/>
					<xsl:with-param name="pressed" select="'true'"/>
					<xsl:with-param name="d" select="'M4 9h4l5-4v14l-5-4H4zM16 8a5 5 0 0 1 0 8'"/>
				</xsl:call-template>
				<xsl:if test="not($customer)">
				<xsl:call-template name="button">
					<xsl:with-param name="id" select="'btn-mic'"/><xsl:with-param name="key" select="'call.btn.mic'"/>
					<xsl:with-param name="pressed" select="'true'"/>
					<xsl:with-param name="d" select="'M9 3h6v10H9zM5 11a7 7 0 0 0 14 0M12 18v3'"/>
				</xsl:call-template>
				<xsl:call-template name="button">
					<xsl:with-param name="id" select="'btn-layout'"/><xsl:with-param name="key" select="'call.btn.layout'"/>
					<xsl:with-param name="d" select="'M3 3h8v8H3zM13 3h8v8h-8zM3 13h8v8H3zM13 13h8v8h-8z'"/>
				</xsl:call-template>
				<xsl:call-template name="button">
					<xsl:with-param name="id" select="'btn-share'"/><xsl:with-param name="key" select="'call.btn.share'"/>
					<xsl:with-param name="pressed" select="'false'"/>
					<xsl:with-param name="d" select="'M2 4h20v13H2zM8 21h8M12 17v4M12 14V7M9 10l3-3l3 3'"/>
				</xsl:call-template>
				<span class="self-place">
					<label for="self-pos"><xsl:value-of select="vv:t('call.btn.self')"/></label>
					<select id="self-pos">
						<option value="br"><xsl:value-of select="vv:t('call.self.br')"/></option>
						<option value="tr"><xsl:value-of select="vv:t('call.self.tr')"/></option>
						<option value="hidden"><xsl:value-of select="vv:t('call.self.hidden')"/></option>
					</select>
				</span>
				</xsl:if>
				<xsl:if test="$c/@organiser = '1'">
					<xsl:call-template name="button">
						<xsl:with-param name="id" select="'btn-present'"/><xsl:with-param name="key" select="'call.btn.present'"/>
						<xsl:with-param name="d" select="'M3 4h18v11H3zM12 15v5M8 20h8'"/>
					</xsl:call-template>
				</xsl:if>
				<xsl:if test="$c/@who = 'staff'">
					<xsl:call-template name="button">
						<xsl:with-param name="id" select="'btn-extend'"/><xsl:with-param name="key" select="'call.btn.extend'"/>
						<xsl:with-param name="class" select="'handset green'"/>
						<xsl:with-param name="d" select="'M5 4h4l2 5l-3 2a11 11 0 0 0 5 5l2-3l5 2v4a2 2 0 0 1-2 2A17 17 0 0 1 3 6a2 2 0 0 1 2-2'"/>
					</xsl:call-template>
				</xsl:if>
				<xsl:call-template name="button">
					<xsl:with-param name="id" select="'btn-hangup'"/><xsl:with-param name="key" select="'call.btn.hangup'"/>
					<xsl:with-param name="class" select="'handset red'"/>
					<xsl:with-param name="d" select="'M2 14c5-5 15-5 20 0l-3 3l-4-2v-3a10 10 0 0 0-6 0v3l-4 2z'"/>
				</xsl:call-template>
			</div>
			<xsl:if test="not($customer)">
			<details class="more-devices">
				<summary><xsl:value-of select="vv:t('call.camera')"/> / <xsl:value-of select="vv:t('call.microphone')"/></summary>
				<xsl:call-template name="devices"><xsl:with-param name="suffix" select="'-call'"/></xsl:call-template>
			</details>
			</xsl:if>
		</section>
		<!-- The lobby (issue 16): a customer who comes before the staff waits
		     here with their own picture; call.js asks …/join again until a
		     staff member has come, then the call takes its place. -->
		<xsl:if test="$customer">
			<section id="lobby" class="lobby" hidden="hidden" aria-labelledby="lobby-h" aria-live="polite">
				<h2 id="lobby-h"><xsl:value-of select="vv:t('call.lobby')"/></h2>
				<p class="lobby-more"><xsl:value-of select="vv:t('call.lobby-more')"/></p>
				<figure class="lobby-self">
					<video id="lobby-self" autoplay="autoplay" muted="muted" playsinline="playsinline"></video>
					<figcaption><xsl:value-of select="vv:t('call.lobby-self')"/></figcaption>
				</figure>
				<xsl:if test="$c/@back">
					<p><a class="button button-secondary lobby-back" href="{$c/@back}"><xsl:value-of select="vv:t('call.back')"/></a></p>
				</xsl:if>
			</section>
		</xsl:if>
		<!-- After the red handset a customer chooses: back in, or not today
		     (which silences the alarm for this event on this tablet). -->
		<xsl:if test="$customer">
			<section id="left-choice" class="left-choice" hidden="hidden" aria-labelledby="left-choice-h">
				<h2 id="left-choice-h"><xsl:value-of select="vv:t('call.left-choice')"/></h2>
				<button type="button" id="rejoin" class="button button-big button-go left-rejoin"><xsl:value-of select="vv:t('call.rejoin')"/></button>
				<button type="button" id="not-today" class="button button-big button-secondary left-not-today"><xsl:value-of select="vv:t('call.not-today')"/></button>
			</section>
		</xsl:if>
		</xsl:otherwise>
		</xsl:choose>

		<dialog id="confirm-end" class="confirm-end" aria-labelledby="confirm-end-h">
			<h2 id="confirm-end-h"><xsl:value-of select="vv:t('call.confirm-end')"/></h2>
			<p class="confirm-buttons">
				<button type="button" id="end-all" class="call-btn red"><span class="label"><xsl:value-of select="vv:t('call.end-all')"/></span></button>
				<button type="button" id="leave-only" class="call-btn"><span class="label"><xsl:value-of select="vv:t('call.leave-only')"/></span></button>
				<button type="button" id="end-cancel" class="call-btn"><span class="label"><xsl:value-of select="vv:t('call.cancel')"/></span></button>
			</p>
		</dialog>

		<!-- Texts the script shows, by key. -->
		<ul id="call-texts" hidden="hidden">
			<li data-k="call.extend.hint"><xsl:value-of select="vv:t('call.extend.hint')"/></li>
			<li data-k="call.hangup.hint"><xsl:value-of select="vv:t('call.hangup.hint')"/></li>
			<li data-k="call.extended"><xsl:value-of select="vv:t('call.extended')"/></li>
			<li data-k="call.extend.contract"><xsl:value-of select="vv:t('call.extend.contract')"/></li>
			<li data-k="call.extend.next"><xsl:value-of select="vv:t('call.extend.next')"/></li>
			<li data-k="call.extend.concurrent"><xsl:value-of select="vv:t('call.extend.concurrent')"/></li>
			<li data-k="call.ended"><xsl:value-of select="vv:t('call.ended')"/></li>
			<li data-k="call.left"><xsl:value-of select="vv:t('call.left')"/></li>
			<li data-k="call.not-yet"><xsl:value-of select="vv:t('call.not-yet')"/></li>
			<li data-k="call.error"><xsl:value-of select="vv:t('call.error')"/></li>
			<li data-k="call.no-devices"><xsl:value-of select="vv:t('call.no-devices')"/></li>
			<li data-k="call.warning"><xsl:value-of select="vv:t('call.warning')"/></li>
			<li data-k="call.connecting"><xsl:value-of select="vv:t('call.connecting')"/></li>
			<li data-k="call.grant"><xsl:value-of select="vv:t('call.grant')"/></li>
			<li data-k="call.forbidden"><xsl:value-of select="vv:t('call.forbidden')"/></li>
			<li data-k="call.not-joined"><xsl:value-of select="vv:t('call.not-joined')"/></li>
			<li data-k="call.notfound"><xsl:value-of select="vv:t('call.notfound')"/></li>
			<li data-k="call.unavailable"><xsl:value-of select="vv:t('call.unavailable')"/></li>
			<li data-k="call.invalid"><xsl:value-of select="vv:t('call.invalid')"/></li>
			<li data-k="call.removed"><xsl:value-of select="vv:t('call.removed')"/></li>
			<li data-k="call.remove"><xsl:value-of select="vv:t('call.remove')"/></li>
			<li data-k="call.people.sending"><xsl:value-of select="vv:t('call.people.sending')"/></li>
			<li data-k="call.people.watching"><xsl:value-of select="vv:t('call.people.watching')"/></li>
			<li data-k="call.people.me"><xsl:value-of select="vv:t('call.people.me')"/></li>
		</ul>
		<audio id="warning-sound" src="/static/sounds/warning.wav" preload="auto"></audio>
		<xsl:if test="$c/@back">
			<p class="call-back"><a class="button" href="{$c/@back}"><xsl:value-of select="vv:t('call.back')"/></a></p>
		</xsl:if>
		<xsl:if test="$c/@recordings">
			<p class="call-back"><a href="{$c/@recordings}"><xsl:value-of select="vv:t('call.recordings-link')"/></a></p>
		</xsl:if>
	</div>
</xsl:template>

</xsl:stylesheet>
