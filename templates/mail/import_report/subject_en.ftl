Feed ${file}: ${count} <#if count == 1>agreement or key was<#else>agreements or keys were</#if> rejected
