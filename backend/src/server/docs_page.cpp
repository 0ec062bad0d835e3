#include <string>

#include "exodetect/server/api_server.hpp"

namespace exodetect::server {

// Renders /openapi.json and lets people try each operation; everything inline (no CDN).
const std::string& docs_page_html() {
  static const std::string kPage = R"HTML(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>exodetect API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0;background:#0f1420;color:#dde3ee}
header{padding:16px 24px;background:#161d2e;border-bottom:1px solid #2a3450;display:flex;gap:16px;align-items:center;flex-wrap:wrap}
h1{font-size:20px;margin:0}h2{font-size:16px;margin:24px 0 8px;text-transform:uppercase;color:#8fa3c8}
main{padding:0 24px 48px;max-width:1100px}
.op{border:1px solid #2a3450;border-radius:6px;margin:6px 0;background:#141a28}
.op>summary{cursor:pointer;padding:8px 12px;display:flex;gap:12px;align-items:center}
.m{font-weight:700;width:52px;text-align:center;border-radius:4px;padding:2px 0;font-size:12px}
.GET{background:#1f6f4a}.POST{background:#2b5aa8}
.path{font-family:ui-monospace,monospace}.sum{color:#9fb0cf}
.body{padding:8px 12px 12px;border-top:1px solid #2a3450}
label{display:block;margin:6px 0 2px;color:#9fb0cf}
input,textarea{background:#0c111b;color:#dde3ee;border:1px solid #2a3450;border-radius:4px;padding:4px 6px;font:13px ui-monospace,monospace}
textarea{width:100%;min-height:110px}input[type=text]{width:360px}
button{background:#2b5aa8;color:white;border:0;border-radius:4px;padding:6px 14px;cursor:pointer;margin-top:8px}
pre{background:#0c111b;border:1px solid #2a3450;border-radius:4px;padding:8px;overflow:auto;max-height:420px;white-space:pre-wrap}
.lock{color:#e0b050;font-size:12px}.codes{color:#7d8cab;font-size:12px}
</style></head><body>
<header><h1>exodetect API</h1><span id="ver"></span>
<label style="margin:0">Bearer token <input type="text" id="token" placeholder="paste a token from /api/v1/auth/login"></label>
<a href="/openapi.json" style="color:#8fb4ff">openapi.json</a></header>
<main id="ops">Loading…</main>
<script>
"use strict";
const tokenInput=document.getElementById("token");
tokenInput.value=localStorage.getItem("exodetect_token")||"";
tokenInput.onchange=()=>localStorage.setItem("exodetect_token",tokenInput.value.trim());
function el(tag,attrs,...kids){const e=document.createElement(tag);for(const[k,v]of Object.entries(attrs||{})){if(k.startsWith("on"))e[k]=v;else e.setAttribute(k,v);}for(const k of kids)e.append(k);return e;}
function resolve(doc,s){while(s&&s.$ref){s=doc.components.schemas[s.$ref.split("/").pop()];}if(s&&s.allOf){let o={type:"object",properties:{}};for(const p of s.allOf){const r=resolve(doc,p);Object.assign(o.properties,r.properties||{});}return o;}return s||{};}
function example(doc,s,depth){s=resolve(doc,s);if(depth>4)return null;if(s.default!==undefined)return s.default;if(s.enum)return s.enum[0];
 switch(s.type){case"object":{const o={};for(const[k,v]of Object.entries(s.properties||{}))o[k]=example(doc,v,depth+1);return o;}
 case"array":return[example(doc,s.items,depth+1)];case"integer":return 1;case"number":return 1.0;case"boolean":return true;case"string":return s.format==="email"?"user@example.com":"";}
 if(s.additionalProperties)return{koi_period:9.488,koi_depth:616,koi_duration:2.96,koi_prad:2.26,koi_model_snr:35.8};return null;}
function render(doc){
 document.getElementById("ver").textContent="v"+doc.info.version;
 const root=document.getElementById("ops");root.textContent="";
 const byTag={};
 for(const[path,item]of Object.entries(doc.paths))for(const[method,op]of Object.entries(item)){const t=(op.tags||["other"])[0];(byTag[t]=byTag[t]||[]).push({path,method:method.toUpperCase(),op});}
 for(const tag of doc.tags.map(t=>t.name)){if(!byTag[tag])continue;root.append(el("h2",{},tag));for(const o of byTag[tag])root.append(operation(doc,o));}
}
function operation(doc,{path,method,op}){
 const inputs={};const body=el("div",{class:"body"});
 if(op.description)body.append(el("p",{},op.description));
 for(const p of op.parameters||[]){const i=el("input",{type:"text",placeholder:(p.schema&&p.schema.default!==undefined)?String(p.schema.default):""});inputs[p.in+":"+p.name]=i;body.append(el("label",{},`${p.name} (${p.in}${p.required?", required":""}) — ${p.description||""}`),i);}
 let jsonBox=null,form=null;const content=op.requestBody&&op.requestBody.content;
 if(content&&content["application/json"]){jsonBox=el("textarea",{});jsonBox.value=JSON.stringify(example(doc,content["application/json"].schema,0),null,2);body.append(el("label",{},"JSON body"),jsonBox);}
 if(content&&content["multipart/form-data"]){form={};const s=resolve(doc,content["multipart/form-data"].schema);for(const[k,v]of Object.entries(s.properties||{})){const isFile=(v.format==="binary")||(v.items&&v.items.format==="binary");const i=el("input",isFile?{type:"file",multiple:""}:{type:"text"});form[k]=i;body.append(el("label",{},k+(isFile?" (file)":"")+(v.description?" — "+v.description:"")),i);}}
 let accept=null;if(op.responses["200"]&&op.responses["200"].content&&op.responses["200"].content["text/csv"]){accept=el("input",{type:"checkbox"});body.append(el("label",{},accept," Accept: text/csv"));}
 const out=el("pre",{},"");
 const send=el("button",{onclick:async()=>{
  let url=path;const q=new URLSearchParams();
  for(const[key,i]of Object.entries(inputs)){const[where,name]=key.split(":");if(!i.value)continue;if(where==="path")url=url.replace("{"+name+"}",encodeURIComponent(i.value));else for(const v of i.value.split("&"))q.append(name,v);}
  if([...q].length)url+="?"+q;const headers={};const t=tokenInput.value.trim();if(t)headers.Authorization="Bearer "+t;if(accept&&accept.checked)headers.Accept="text/csv";
  let reqBody;if(jsonBox){headers["Content-Type"]="application/json";reqBody=jsonBox.value;}
  if(form){reqBody=new FormData();for(const[k,i]of Object.entries(form)){if(i.type==="file"){for(const f of i.files)reqBody.append(k,f,f.name);}else if(i.value)reqBody.append(k,i.value);}}
  out.textContent="…";const t0=performance.now();
  try{const r=await fetch(url,{method,headers,body:reqBody});
   if((r.headers.get("content-type")||"").startsWith("text/event-stream")){out.textContent=`${r.status}\n`;const rd=r.body.getReader();const dec=new TextDecoder();for(;;){const{done,value}=await rd.read();if(done)break;out.textContent+=dec.decode(value);}return;}
   const text=await r.text();let shown=text;try{shown=JSON.stringify(JSON.parse(text),null,2);}catch(e){}
   out.textContent=`${r.status} ${r.statusText} · ${(performance.now()-t0).toFixed(1)} ms · X-Request-Id ${r.headers.get("x-request-id")}\n\n`+shown.slice(0,200000);
  }catch(e){out.textContent="request failed: "+e;}
 }},"Send");
 body.append(send,out);
 const codes=Object.keys(op.responses).join(" ");
 return el("details",{class:"op"},el("summary",{},el("span",{class:"m "+method},method),el("span",{class:"path"},path),el("span",{class:"sum"},op.summary||""),op.security?el("span",{class:"lock"},"🔒 token"):"",el("span",{class:"codes"},codes)),body);
}
fetch("/openapi.json").then(r=>r.json()).then(render).catch(e=>{document.getElementById("ops").textContent="cannot load /openapi.json: "+e;});
</script></body></html>
)HTML";
  return kPage;
}

}  // namespace exodetect::server
