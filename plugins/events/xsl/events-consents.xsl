<?xml version="1.0" encoding="UTF-8"?>
<!-- Tiedot of a recorded event (issue #11): who was shown the recording
     notice on the call page, when, and what they answered.
     <consents><consent name shown answered answer="accepted|declined|none"/>*</consents>,
     present only for a recorded event with the call plugin loaded. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:template name="events-consents">
	<xsl:variable name="cs" select="/page/consents"/>
	<xsl:if test="$cs">
		<section id="consents" class="consents" aria-labelledby="consents-h">
			<h2 id="consents-h"><xsl:value-of select="vv:t('events.consents')"/></h2>
			<p class="hint"><xsl:value-of select="vv:t('events.consents-hint')"/></p>
			<xsl:choose>
				<xsl:when test="$cs/consent">
					<table class="table">
						<thead><tr>
							<th scope="col"><xsl:value-of select="vv:t('events.consents.name')"/></th>
							<th scope="col"><xsl:value-of select="vv:t('events.consents.shown')"/></th>
							<th scope="col"><xsl:value-of select="vv:t('events.consents.answer')"/></th>
						</tr></thead>
						<tbody>
							<xsl:for-each select="$cs/consent">
								<tr class="consent-{@answer}">
									<td>
										<xsl:choose>
											<xsl:when test="normalize-space(@name) != ''"><xsl:value-of select="@name"/></xsl:when>
											<!-- a join link names nobody -->
											<xsl:otherwise><xsl:value-of select="vv:t('events.consents.link')"/></xsl:otherwise>
										</xsl:choose>
									</td>
									<td><xsl:value-of select="vv:datetime(string(@shown))"/></td>
									<td>
										<xsl:value-of select="vv:t(concat('events.consents.', @answer))"/>
										<xsl:if test="string(@answered) != ''">
											<xsl:text> </xsl:text>
											<span class="hint"><xsl:value-of select="vv:datetime(string(@answered))"/></span>
										</xsl:if>
									</td>
								</tr>
							</xsl:for-each>
						</tbody>
					</table>
				</xsl:when>
				<xsl:otherwise>
					<p><xsl:value-of select="vv:t('events.consents.nobody')"/></p>
				</xsl:otherwise>
			</xsl:choose>
		</section>
	</xsl:if>
</xsl:template>

</xsl:stylesheet>
