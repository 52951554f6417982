Hello,

The import of your feed ${file} for ${partnerName} rejected what is listed below. Everything else in the file was imported.

<#list rejections as line>
${line}
</#list>

Correct these entries in the feed and deliver it again; the corrected entries are then imported. You receive this report once for each change of the file, not on every import.

-- 
This email was sent automatically by the licence activation service.
