<?xml version="1.0" encoding="UTF-8"?>
<!-- The test plugin's page: its title from its own catalogue and the row
     its own migration wrote. -->
<xsl:stylesheet version="1.0"
	xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
	xmlns:vv="urn:vvhome"
	exclude-result-prefixes="vv">

<xsl:import href="layout.xsl"/>

<xsl:template match="page" mode="title">
	<xsl:value-of select="vv:t('testkit.title')"/>
</xsl:template>

<xsl:template match="page" mode="main">
	<h1><xsl:value-of select="vv:t('testkit.title')"/></h1>
	<p id="testkit-note"><xsl:value-of select="/page/testkit/@note"/></p>
</xsl:template>

</xsl:stylesheet>
