"use client";

import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { CopyButton } from "./copy-button";
import { curlSnippet, envSnippet, kubernetesSnippet, nodeSnippet, type SnippetInput } from "./snippets";

const TABS = [
  { id: "env", label: ".env", render: envSnippet },
  { id: "curl", label: "curl", render: curlSnippet },
  { id: "node", label: "Node.js", render: nodeSnippet },
  { id: "kubernetes", label: "Kubernetes", render: kubernetesSnippet },
] as const;

/** Ready-to-paste configuration with the real values of a just-issued secret. */
export function CredentialSnippets(props: SnippetInput) {
  return (
    <Tabs defaultValue="env" className="min-w-0">
      <TabsList aria-label="Configuration snippets" className="w-full">
        {TABS.map((t) => (
          <TabsTrigger key={t.id} value={t.id}>
            {t.label}
          </TabsTrigger>
        ))}
      </TabsList>
      {TABS.map((t) => {
        const text = t.render(props);
        return (
          <TabsContent key={t.id} value={t.id} className="relative">
            <pre className="max-h-64 overflow-auto rounded-md border bg-muted p-3 pr-10 font-mono text-xs leading-relaxed">
              <code>{text}</code>
            </pre>
            <CopyButton value={text} label={`Copy ${t.label} snippet`} className="absolute top-1 right-1" />
          </TabsContent>
        );
      })}
    </Tabs>
  );
}
