<#import "/_text.ftl" as t>
<#if adminName?has_content>Hello ${adminName},<#else>Hello,</#if>

On ${instant(activatedAt)} the Open License terms were accepted for volume licence agreement ${agreementNumber} (${customerName}). These subscriptions are now active:
<@t.subscriptions subscriptions/>

On the Your products page you can see them, extend the end date or add licences.

<@t.link label="View your products" href=productsUrl/>

<@t.footer partnerName/>
