<?xml version="1.0" encoding="UTF-8"?>
<!-- The test plugin's page-wide part (slot body-end, mode testkit-footer),
     when built with its frame (-DTESTKIT_FRAME). A part's stylesheet is
     included into the layout, so it imports nothing itself. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:template match="page" mode="testkit-footer">
	<xsl:if test="$role != 'anon'">
		<link rel="stylesheet" href="/static/testkit.css"/>
		<p class="testkit-footer"><xsl:value-of select="vv:t('testkit.part')"/></p>
	</xsl:if>
</xsl:template>

</xsl:stylesheet>
