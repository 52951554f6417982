Feed ${file}: ${count} <#if count == 1>overeenkomst of sleutel is<#else>overeenkomsten of sleutels zijn</#if> geweigerd
