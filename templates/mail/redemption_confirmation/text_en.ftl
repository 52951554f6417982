<#import "/_text.ftl" as t>
<#include "_details_en.ftl">
<#if adminName?has_content>Hello ${adminName},<#else>Hello,</#if>

On ${instant(redeemedAt)} a new and unused product key was redeemed for ${product} of ${customerName}, <#if action == "extend">to extend the end date<#else>to add licences</#if>.

<@t.facts details/>

A product key can be redeemed only once: the key ending in ${keyLastFive} cannot be used again.

<@t.link label="View your products" href=productsUrl/>

<@t.footer/>
