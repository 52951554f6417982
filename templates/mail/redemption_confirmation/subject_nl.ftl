<#if action == "extend">Einddatum verlengd<#else>Licenties toegevoegd</#if>: ${product} voor ${customerName}
