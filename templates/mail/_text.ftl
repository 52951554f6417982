<#--
  Plain-text building blocks, plus the sentences the HTML frame (_layout.ftlh) borrows from here,
  so the two parts of a message never say different things. The language is the locale the
  renderer sets for the message (.lang is "en" or "nl").
-->
<#function licences n>
  <#if .lang == "nl"><#return n?c + (n == 1)?then(" licentie", " licenties")></#if>
  <#return n?c + (n == 1)?then(" licence", " licences")>
</#function>

<#function months n>
  <#if .lang == "nl"><#return n?c + (n == 1)?then(" maand", " maanden")></#if>
  <#return n?c + (n == 1)?then(" month", " months")>
</#function>

<#function minutes n>
  <#if .lang == "nl"><#return n?c + (n == 1)?then(" minuut", " minuten")></#if>
  <#return n?c + (n == 1)?then(" minute", " minutes")>
</#function>

<#function period s>
  <#if .lang == "nl"><#return "startdatum " + date(s.startDate) + ", einddatum " + date(s.endDate)></#if>
  <#return "start date " + date(s.startDate) + ", end date " + date(s.endDate)>
</#function>

<#function sentBy partnerName="">
  <#if .lang == "nl">
    <#return "Deze e-mail is automatisch verzonden door de licentieactiveringsservice"
        + partnerName?has_content?then(" namens " + partnerName, "") + ".">
  </#if>
  <#return "This email was sent automatically by the licence activation service"
      + partnerName?has_content?then(" on behalf of " + partnerName, "") + ".">
</#function>

<#function unexpected partnerName="">
  <#-- issue 16: the partner's contact address, when the message's model has one -->
  <#local contact = (.data_model.partnerContact)!"">
  <#local at = (partnerName?has_content && contact?has_content)?then(" (" + contact + ")", "")>
  <#if .lang == "nl">
    <#return "Had u deze e-mail niet verwacht? Neem dan contact op met "
        + partnerName?has_content?then(partnerName, "de partner bij wie u de licenties hebt gekocht") + at + ".">
  </#if>
  <#return "If you did not expect this email, please contact "
      + partnerName?has_content?then(partnerName, "the partner who sold you the licences") + at + ".">
</#function>

<#-- "- Product: 25 licences, 12 months", one line per product. -->
<#macro products items>
<#list items as p>
- ${p.product}: ${licences(p.seats)}, ${months(p.termMonths)}
</#list>
</#macro>

<#macro subscriptions items>
<#list items as s>
- ${s.product}: ${licences(s.seats)}, ${period(s)}
</#list>
</#macro>

<#-- The text form of a button: what the link does, then the link on its own line. -->
<#macro link label href>
${label}:
${href}
</#macro>

<#-- rows: a list of [label, value] pairs. -->
<#macro facts rows>
<#list rows as row>
${row[0]}: ${row[1]}
</#list>
</#macro>

<#-- "-- " is the signature separator: mail clients show what follows as a signature. -->
<#macro footer partnerName="">
-- 
${sentBy(partnerName)}
${unexpected(partnerName)}
</#macro>
