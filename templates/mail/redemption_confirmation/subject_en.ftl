<#if action == "extend">End date extended<#else>Licences added</#if>: ${product} for ${customerName}
