import type { Metadata } from "next";
import Link from "next/link";
import { currentSession } from "@/lib/auth/current-session";
import { describeInvitation } from "@/lib/members/describe-invitation";
import { CenteredCard } from "@/components/forms/centered-card";
import { AcceptInvitation, SignUpWithInvitation } from "./invitation-forms";

export const metadata: Metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

const unusable = {
  expired: "This invitation has expired. Ask the owner for a new link.",
  used: "This invitation has already been used.",
  revoked: "This invitation was revoked.",
};

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await describeInvitation(token);
  if (!invitation || invitation.status !== "valid") {
    return (
      <CenteredCard title="This invitation cannot be used" description={invitation ? unusable[invitation.status as keyof typeof unusable] : "The link is not valid."}>
        <Link href="/sign-in" className="text-sm underline">
          Go to sign-in
        </Link>
      </CenteredCard>
    );
  }
  const session = await currentSession();
  const title = `Join ${invitation.org.name}`;
  const description = `You are invited as ${invitation.role}.`;
  if (session) {
    return (
      <CenteredCard title={title} description={description}>
        <AcceptInvitation token={token} email={session.user.email} />
      </CenteredCard>
    );
  }
  return (
    <CenteredCard title={title} description={description}>
      <SignUpWithInvitation token={token} email={invitation.email} />
      <p className="mt-4 text-center text-sm text-muted-foreground">
        Already have an account?{" "}
        <Link className="underline" href={`/sign-in?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`}>
          Sign in to accept
        </Link>
      </p>
    </CenteredCard>
  );
}
