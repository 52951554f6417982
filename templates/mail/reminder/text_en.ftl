<#import "/_text.ftl" as t>
<#if adminName?has_content>Hello ${adminName},<#else>Hello,</#if>

This is a reminder: the purchase below has not been activated yet.

${partnerName} has registered a purchase for ${customerName} under volume licence agreement ${agreementNumber} (tenant ${tenant}). The agreement names you as its online administrator, so you can activate it.

Products in this purchase:
<@t.products products/>

Follow the link, sign in, and read and accept the Open License terms. The subscription is then activated, or extended if you already have it.

<@t.link label="Activate your subscription" href=link/>

The link is valid until ${date(linkExpires)} and can be used once.
<#if helpUrl??>
Step-by-step guide (printable): ${helpUrl}
</#if>

<@t.footer partnerName/>
