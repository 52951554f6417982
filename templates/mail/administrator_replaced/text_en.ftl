<#import "/_text.ftl" as t>
<#if adminName?has_content>Hello ${adminName},<#else>Hello,</#if>

${partnerName} has named a different online administrator for volume licence agreement ${agreementNumber} (${customerName}). You are no longer the online administrator for this agreement.

Activation links that were sent to you for this agreement no longer work; the new online administrator has received new ones. Subscriptions that were already activated stay as they are.

If this change is a mistake, please ask ${partnerName} to correct the agreement.

<@t.footer partnerName/>
