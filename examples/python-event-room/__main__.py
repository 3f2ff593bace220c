"""One room of a live event through pulumi-resource-trtc: the intro video looped in the room, the
room mixed and pushed to a CDN, an AI assistant, and the same intro in a partner's room started
with the partner's own keys through an explicit provider.

The `trtc:*` stack config (secretId, secretKey, region, sdkSecretKey, ...) configures the default
provider. Bots give no UserSig: the provider signs one from trtc:sdkSecretKey in every request and
stores none.
"""
import pulumi
import pulumi_trtc as trtc

config = pulumi.Config()
sdk_app_id = config.require_int("sdkAppId")
room_id = config.get("roomId") or "launch-keynote"
intro_url = config.get("introUrl") or "https://media.example.com/launch-intro.mp4"

# The intro video, looped in the room until the stack is destroyed.
intro = trtc.StreamIngest(
    "intro",
    sdk_app_id=sdk_app_id,
    room_id=room_id,
    user_id="intro-bot",
    stream_url=intro_url,
    repeat_num=-1,
)

# The room mixed live and pushed to the CDN; the layout changes in place while it runs. The push
# URL's auth query is a credential: previews and state show it as [secret].
cdn_relay = trtc.RelayTask(
    "cdnRelay",
    trtc.RelayTaskArgs(
        sdk_app_id=sdk_app_id,
        room_id=room_id,
        agent_params=trtc.AgentParamsArgs(user_id="cdn-relay", max_idle_time=300),
        with_transcoding=trtc.WithTranscoding.TRANSCODE,
        audio_params=trtc.RelayTaskAudioParamsArgs(audio_encode=trtc.AudioEncodeArgs(sample_rate=48000, channel=2, bit_rate=64)),
        video_params=trtc.RelayTaskVideoParamsArgs(
            video_encode=trtc.VideoEncodeArgs(width=1280, height=720, fps=15, bit_rate=1500, gop=2),
            layout_params=trtc.LayoutParamsArgs(mix_layout_mode=config.get_int("layoutMode") or trtc.MixLayoutMode.GRID),
        ),
        publish_cdn_params=[trtc.PublishCdnParamArgs(publish_cdn_url=config.require_secret("cdnPushUrl"), is_tencent_cdn=1)],
    ),
    opts=pulumi.ResourceOptions(depends_on=[intro]),
)

# The AI assistant: hears the host, answers through an OpenAI-compatible LLM with a TRTC voice.
assistant = trtc.AIConversation(
    "assistant",
    sdk_app_id=sdk_app_id,
    room_id=room_id,
    agent_config=trtc.AgentConfigArgs(user_id="ai-assistant", target_user_id="host", max_idle_time=300),
    llm_config=trtc.OpenaiLlmConfigArgs(
        llm_type="openai",
        model="gpt-4o",
        api_key=config.require_secret("llmApiKey"),
        api_url="https://api.openai.com/v1/chat/completions",
        streaming=True,
        system_prompt="You are the assistant of a product launch. Keep answers short.",
    ),
    tts_config=trtc.FlowTtsConfigArgs(tts_type="flow", voice_id="v-female-R2s4N9qJ", model="flow_01_turbo"),
)

# The partner's account and application: an explicit provider with its own settings.
partner = trtc.Provider(
    "partner",
    secret_id=config.require("partnerSecretId"),
    secret_key=config.require_secret("partnerSecretKey"),
    sdk_secret_key=config.require_secret("partnerSdkSecretKey"),
    endpoint=config.get("partnerEndpoint") or "mainland",
    region=config.get("partnerRegion") or "ap-singapore",
)

# The same intro in the partner's watch-party room, started with the partner's keys.
partner_intro = trtc.StreamIngest(
    "partnerIntro",
    sdk_app_id=config.require_int("partnerSdkAppId"),
    room_id="watch-party",
    user_id="intro-bot",
    stream_url=intro_url,
    repeat_num=-1,
    opts=pulumi.ResourceOptions(provider=partner),
)

# A task started elsewhere (a script, another stack), read by the id `pulumi import` takes,
# <sdkAppId>/<region>/<taskId>: the stack describes it on every up and refresh and never changes
# or stops it.
watched_intro_id = config.get("watchedIntro")
if watched_intro_id:
    pulumi.export("watchedIntroStatus", trtc.StreamIngest.get("watchedIntro", watched_intro_id).status)

# A lookup runs in previews too: the rooms created since roomsSince (ISO 8601; at most 14 days back).
recent_rooms = trtc.get_room_info_output(sdk_app_id=sdk_app_id, start_time=config.require("roomsSince"), limit=10)

pulumi.export("introTaskId", intro.task_id)
pulumi.export("relayTaskId", cdn_relay.task_id)
pulumi.export("relayLayoutMode", cdn_relay.video_params.apply(lambda v: v.layout_params.mix_layout_mode))
pulumi.export("assistantStatus", assistant.status)
pulumi.export("partnerIntroTaskId", partner_intro.task_id)
pulumi.export("recentRooms", recent_rooms.rows.apply(lambda rows: [{"commId": r.comm_id, "roomId": r.room_id} for r in rows]))
